package io.fitscore.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fitscore.json.JsonDocuments;
import io.fitscore.ml.Table;

class DriftTest {

    /** The index by its definition: the sum of (now - before) ln(now / before), an empty bin counted as 1e-4. */
    @Test
    void thePopulationStabilityIndexIsItsDefinition() {
        assertEquals(0, Drift.psi(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.5, 0}), 1e-15);
        double expected = (0.7 - 0.5) * Math.log(0.7 / 0.5) + (0.3 - 0.5) * Math.log(0.3 / 0.5);
        assertEquals(expected, Drift.psi(new double[] {0.5, 0.5, 0}, new double[] {0.7, 0.3, 0}), 1e-15);
        assertEquals((0.1 - 1e-4) * Math.log(0.1 / 1e-4) + (0.9 - 1) * Math.log(0.9),
                Drift.psi(new double[] {1, 0}, new double[] {0.9, 0.1}), 1e-12);
    }

    /**
     * A second sample of the same columns scores near 0; a shifted number, a new level and a label that took over a
     * multi-valued column are named, the largest first; the profile survives profile.json's JSON.
     */
    @Test
    void shiftedColumnsAreNamedWorstFirst() throws Exception {
        Table before = table(5000, 1, 0, null);
        Table same = table(5000, 2, 0, null);
        Table shifted = table(5000, 3, 3, "Z");
        DataProfile profile = JsonDocuments.MAPPER.readValue(JsonDocuments.MAPPER.writeValueAsBytes(profile(before)), DataProfile.class);

        Drift calm = Drift.compare(profile, same);
        for (Drift.ColumnDrift column : calm.columns()) {
            assertTrue(column.psi() < 0.02, column.toString());
            assertTrue(column.newLevels().isEmpty() && column.goneLevels().isEmpty(), column.toString());
        }
        assertTrue(calm.targetPsi() < 0.02);

        Drift drift = Drift.compare(profile, shifted);
        assertEquals(List.of("x", "level", "tags", "steady"), drift.columns().stream().map(Drift.ColumnDrift::column).toList());
        assertEquals(List.of("Z"), drift.columns().get(1).newLevels());
        assertEquals(List.of("C"), drift.columns().get(1).goneLevels());
        assertTrue(drift.columns().get(3).psi() < 0.02);
        assertTrue(drift.targetPsi() > 0.1, "y follows x");
    }

    /** x ~ N(shift, 1); level A/B/C (C replaced by {@code newLevel} when given); tags a|b or b|c; steady ~ U(0, 1); y = x + noise. */
    private static Table table(int n, long seed, double shift, String newLevel) {
        Random rnd = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = rnd.nextGaussian() + shift;
            String level = new String[] {"A", "B", newLevel == null ? "C" : newLevel}[rnd.nextInt(3)];
            String tags = rnd.nextDouble() < (newLevel == null ? 0.5 : 0.05) ? "a|b" : "b|c";
            rows.add(Arrays.asList(x, level, tags, rnd.nextDouble(), x + rnd.nextGaussian() * 0.1));
        }
        return new Table(List.of(new Table.Column("x", true), new Table.Column("level", false), new Table.Column("tags", false),
                new Table.Column("steady", true), new Table.Column("y", true)), rows);
    }

    private static DataProfile profile(Table table) {
        List<ColumnProfile> columns = List.of(ColumnProfile.of("x", true, DataProfile.values(table, "x")),
                ColumnProfile.of("level", false, DataProfile.values(table, "level")),
                ColumnProfile.of("tags", false, DataProfile.values(table, "tags"), "|"),
                ColumnProfile.of("steady", true, DataProfile.values(table, "steady")));
        return new DataProfile("2026-11-01", table.size(), columns, ColumnProfile.of("y", true, DataProfile.values(table, "y")), 0.5);
    }
}
