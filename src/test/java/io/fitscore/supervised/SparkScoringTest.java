package io.fitscore.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.storage.StorageUri;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.RowSplit;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.sample.MovieSample;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.InputRows;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.LocalSpark;
import io.fitscore.testing.TestTrainers;

/** Scoring inside Spark gives every row the prediction and split the driver gives it. */
class SparkScoringTest {

    private static final String TARGET = "imdb_score";
    private static final FeatureSpec SPEC = new FeatureSpec(TARGET, Optional.of("movie_title"),
            Set.of("actor_1_name", "actor_2_name", "actor_3_name", "gross", "num_voted_users", "num_user_for_reviews",
                    "num_critic_for_reviews", "movie_facebook_likes"),
            Set.of("genres"), "|", 5, Set.of(), true, Set.of("director_name"), 10, 100, false);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);
    static InputRows joined;

    @BeforeAll
    static void readInputs() throws Exception {
        MovieSample.Files files = MovieSample.generate(1000, 11);
        Files.writeString(dir.resolve("pre.csv"), files.preRelease());
        Files.writeString(dir.resolve("after.csv"), files.afterRelease());
        joined = new InputReader(job.spark(), ",", Map.of()).readAndJoin(
                List.of(StorageUri.parse("in", dir.resolve("pre.csv").toUri().toString()),
                        StorageUri.parse("in", dir.resolve("after.csv").toUri().toString())),
                Optional.of("movie_title"), TARGET, true);
    }

    @Test
    void everyRowGetsTheDriversPredictionAndSplit() {
        check(1_000_000, "all rows collected");
    }

    @Test
    void rowsOutsideTheTrainingSampleAreScoredToo() {
        check(200, "a sample of 200 collected");
    }

    @Test
    void rowsProjectedToTheNeededColumnsKeepTheirPredictionAndSplit() {
        RowCollector.Collected collected = RowCollector.collect(joined, 1_000_000, 42);
        Table table = collected.table();
        ModelTrainer.Outcome outcome = ModelTrainer.trainAndEvaluate(table, SPEC,
                p -> TestTrainers.create("xgboost", TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "50")),
                        p.numericFeatureNames()), 0.25, 42, "test");
        List<String> carried = List.of("movie_title");
        List<String> needed = SparkScoring.neededColumns(joined.rows(), outcome.pipeline(), carried, TARGET);
        assertTrue(needed.size() < table.columns().size(), "some columns are left out: " + needed);
        // Scored as a large input is (XGBoost's trees walked in Java), against the driver's native predictions.
        List<Row> results = SparkScoring.score(SparkScoring.project(joined.rows(), needed), Long.MAX_VALUE, outcome.model(), outcome.pipeline(),
                outcome.split(table, needed), carried, TARGET).collectAsList();

        List<Double> onDriver = ModelTrainer.predict(new ModelTrainer.Fitted(outcome.pipeline(), outcome.model()), table, table.rows());
        Map<String, Integer> expected = new HashMap<>();
        int title = table.indexOf("movie_title");
        int target = table.indexOf(TARGET);
        for (int i = 0; i < table.size(); i++) {
            List<Object> row = table.rows().get(i);
            String split = outcome.trainSet().contains(row) ? RowSplit.TRAIN : outcome.testSet().contains(row) ? RowSplit.TEST
                    : RowSplit.UNLABELLED;
            expected.merge(row.get(title) + "|" + row.get(target) + "|" + onDriver.get(i) + "|" + split, 1, Integer::sum);
        }
        Map<String, Integer> actual = new HashMap<>();
        for (Row r : results) {
            assertEquals(Set.of("movie_title", TARGET, SparkScoring.PREDICTION, SparkScoring.SPLIT), Set.of(r.schema().fieldNames()));
            actual.merge(r.get(0) + "|" + r.get(1) + "|" + r.getDouble(2) + "|" + r.getString(3), 1, Integer::sum);
        }
        assertEquals(expected, actual, "the same rows, predictions and splits from the projected rows");
    }

    private static void check(int maxRows, String what) {
        RowCollector.Collected collected = RowCollector.collect(joined, maxRows, 42);
        Table table = collected.table();
        ModelTrainer.Outcome outcome = ModelTrainer.trainAndEvaluate(table, SPEC,
                p -> TestTrainers.create("random-forest", TestConfig.trainer(Map.of("fitscore.trainer.trees", "15")),
                        p.numericFeatureNames()), 0.25, 42, "test");

        // Every column is carried, so each result row can be matched to its driver-side row.
        List<String> all = table.columns().stream().map(Table.Column::name).filter(c -> !c.equals(TARGET)).toList();
        List<Row> results = SparkScoring.score(joined.rows(), joined.rowCount(), outcome.model(), outcome.pipeline(), outcome.split(), all, TARGET)
                .collectAsList();
        assertEquals(joined.rowCount(), results.size(), what + ": every joined row is scored");

        List<Double> onDriver = ModelTrainer.predict(new ModelTrainer.Fitted(outcome.pipeline(), outcome.model()), table, table.rows());
        Map<List<Object>, Double> expected = new HashMap<>();
        for (int i = 0; i < table.size(); i++) {
            expected.put(table.rows().get(i), onDriver.get(i));
        }
        Map<String, Integer> splits = new HashMap<>();
        int compared = 0;
        for (Row r : results) {
            List<Object> values = new ArrayList<>();
            for (String column : table.columns().stream().map(Table.Column::name).toList()) {
                values.add(r.get(r.fieldIndex(column)));
            }
            String split = r.getString(r.fieldIndex(SparkScoring.SPLIT));
            splits.merge(split, 1, Integer::sum);
            Double driverPrediction = expected.get(values);
            if (driverPrediction != null) {
                assertEquals(driverPrediction, r.getDouble(r.fieldIndex(SparkScoring.PREDICTION)), 0.0, "prediction of " + values);
                assertEquals(outcome.testSet().contains(values) ? RowSplit.TEST : RowSplit.TRAIN, split, "split of " + values);
                compared++;
            } else {
                assertEquals(RowSplit.SCORED, split, "a row outside the sample is only scored: " + values);
            }
        }
        assertEquals(table.size(), compared, what + ": every collected row found among the results");
        assertEquals(outcome.trainRows(), splits.getOrDefault(RowSplit.TRAIN, 0), what);
        assertEquals(outcome.testRows(), splits.getOrDefault(RowSplit.TEST, 0), what);
        assertEquals(joined.rowCount() - table.size(), (long) splits.getOrDefault(RowSplit.SCORED, 0), what);
        assertTrue(joined.rowCount() > 300, "enough rows for the sampled case: " + joined.rowCount());
    }
}
