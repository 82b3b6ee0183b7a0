package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Feature;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import io.fitscore.testing.TestTrainers;

class FeaturePipelineTest {

    private static final List<Table.Column> COLUMNS = List.of(new Table.Column("id", false), new Table.Column("duration", true),
            new Table.Column("language", false), new Table.Column("genres", false), new Table.Column("gross", true),
            new Table.Column("y", true));
    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.of("id"), Set.of("gross"), Set.of("genres"), "|", 2);

    private static List<Object> row(String id, Double duration, String language, String genres, Double gross, Double y) {
        return Arrays.asList(id, duration, language, genres, gross, y);
    }

    private static Table table() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("a", 100.0, "English", "Drama|Crime", 1.0, 7.0));
        rows.add(row("b", 120.0, "English", "Drama", 2.0, 6.0));
        rows.add(row("c", 90.0, "French", "Comedy|Drama", 3.0, 5.0));
        rows.add(row("d", null, "French", "Comedy", 4.0, 4.0));
        rows.add(row("e", 80.0, "Hindi", null, 5.0, 3.0));
        return new Table(COLUMNS, rows);
    }

    private static Map<String, Double> features(ArrayExample<Regressor> example) {
        Map<String, Double> out = new HashMap<>();
        for (Feature f : example) {
            out.put(f.getName(), f.getValue());
        }
        return out;
    }

    @Test
    void encodesNumbersCategoriesAndLabelsByName() {
        Table t = table();
        FeaturePipeline pipeline = FeaturePipeline.fit(t, t.rows(), SPEC);
        FeaturePipeline.RowEncoder encoder = pipeline.bind(t);

        Map<String, Double> a = features(encoder.encode(t.rows().get(0)));
        assertEquals(Map.of("duration", 100.0, "language=English", 1.0, "genres:Drama", 1.0), a,
                "rare label Crime (seen once, minimum 2) is dropped; id, gross and the target are not features");
        assertEquals(7.0, encoder.encode(t.rows().get(0)).getOutput().getValues()[0]);

        Map<String, Double> d = features(encoder.encode(t.rows().get(3)));
        assertEquals(95.0, d.get("duration"), "a missing number takes the training median");
        assertEquals(1.0, d.get("duration@missing"));

        Map<String, Double> e = features(encoder.encode(t.rows().get(4)));
        assertEquals(1.0, e.get(("language=" + FeaturePipeline.OTHER)), "a rare level folds into other");
        assertFalse(e.keySet().stream().anyMatch(k -> k.startsWith("genres:")), "no labels for a missing multi-valued field");
    }

    @Test
    void fitsOnTrainingRowsOnly() {
        Table t = table();
        FeaturePipeline pipeline = FeaturePipeline.fit(t, t.rows().subList(0, 2), SPEC);
        Map<String, Double> c = features(pipeline.bind(t).encode(t.rows().get(2)));
        assertTrue(c.containsKey("language=" + FeaturePipeline.OTHER), "French was not in the training rows: " + c);
        assertEquals(90.0, c.get("duration"));
    }

    @Test
    void bindingToATableWithoutAFeatureColumnFails() {
        Table t = table();
        FeaturePipeline pipeline = FeaturePipeline.fit(t, t.rows(), SPEC);
        Table without = new Table(List.of(new Table.Column("id", false), new Table.Column("y", true)), List.of());
        FeaturePipeline.MissingColumnException e = assertThrows(FeaturePipeline.MissingColumnException.class, () -> pipeline.bind(without));
        assertTrue(e.getMessage().contains("duration"));
    }

    @Test
    void productsPairTheColumnsMostCorrelatedWithTheTargetAndSurviveFeaturesJson() throws Exception {
        List<Table.Column> columns = List.of(new Table.Column("a", true), new Table.Column("b", true), new Table.Column("c", true),
                new Table.Column("y", true));
        java.util.Random random = new java.util.Random(3);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            rows.add(Arrays.asList(i == 7 ? null : a, b, c, 3 * a - 2 * b + 0.1 * c));
        }
        Table t = new Table(columns, rows);
        FeaturePipeline pipeline = FeaturePipeline.fit(t, rows, TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1)
                .withProductsOf(2));
        assertEquals(List.of("a", "a@missing", "b", "b@missing", "c", "c@missing", "a*a", "a*b", "b*b"), pipeline.featureNames(),
                "c, the weakest, is in no product");

        FeaturePipeline.Product ab = pipeline.encodings().stream().filter(e -> e instanceof FeaturePipeline.Product p
                && p.other().equals("b") && p.column().equals("a")).map(FeaturePipeline.Product.class::cast).findFirst().orElseThrow();
        Map<String, Double> first = features(pipeline.bind(t).encode(rows.get(0)));
        assertEquals((first.get("a") - ab.mean()) / ab.sd() * ((first.get("b") - ab.otherMean()) / ab.otherSd()), first.get("a*b"), 1e-12);
        Map<String, Double> missing = features(pipeline.bind(t).encode(rows.get(7)));
        assertEquals((pipeline.encodings().stream().filter(e -> e instanceof FeaturePipeline.Numeric n && n.column().equals("a"))
                .map(e -> ((FeaturePipeline.Numeric) e).median()).findFirst().orElseThrow() - ab.mean()) / ab.sd()
                * ((missing.get("b") - ab.otherMean()) / ab.otherSd()), missing.get("a*b"), 1e-12, "a missing factor is its median");

        byte[] json = io.fitscore.json.JsonDocuments.MAPPER.writeValueAsBytes(pipeline);
        FeaturePipeline read = io.fitscore.json.JsonDocuments.MAPPER.readValue(json, FeaturePipeline.class);
        assertEquals(pipeline, read);
        assertEquals(first, features(read.bind(t).encode(rows.get(0))));
    }

    /**
     * A skewed column is logged automatically only when its logarithm follows the target more closely: a firm's investment
     * in proportion to its value stays linear in the value; a score that grows with the logarithm of a count gets the log.
     */
    @Test
    void automaticLogTransformIsForColumnsWhoseLogarithmFollowsTheTarget() {
        java.util.Random random = new java.util.Random(5);
        List<Table.Column> columns = List.of(new Table.Column("value", true), new Table.Column("count", true), new Table.Column("y", true));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double value = Math.exp(2 * random.nextGaussian());
            double count = Math.exp(2 * random.nextGaussian());
            rows.add(Arrays.asList(value, count, 0.5 * value + 3 * Math.log1p(count) + 0.1 * random.nextGaussian()));
        }
        Table table = new Table(columns, rows);
        FeatureSpec autoLog = new FeatureSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1, Set.of(), true, Set.of(), 10,
                Integer.MAX_VALUE, false);
        Map<String, Boolean> logged = new HashMap<>();
        for (FeaturePipeline.ColumnEncoding e : FeaturePipeline.fit(table, rows, autoLog).encodings()) {
            if (e instanceof FeaturePipeline.Numeric n) {
                logged.put(n.column(), n.log());
            }
        }
        assertEquals(Map.of("value", false, "count", true), logged);
    }
}
