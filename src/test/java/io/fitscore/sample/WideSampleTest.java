package io.fitscore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fitscore.testing.CsvFixture;

class WideSampleTest {

    /** The stated ceiling is what the generated rows give: 1 - the noise's variance over the target's. */
    @Test
    void theCeilingIsTheTruthsShareOfTheTargetsVariance() {
        StringWriter csv = new StringWriter();
        WideSample.generate(20_000, 3, csv);
        CsvFixture table = CsvFixture.parse(csv.toString());
        List<List<String>> rows = table.rows();
        assertEquals(WideSample.FEATURES + 2, rows.get(0).size(), "id, x1..x90, y");
        double[] y = new double[rows.size()];
        double[] residual = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] x = new double[WideSample.FEATURES];
            for (int j = 0; j < x.length; j++) {
                x[j] = Double.parseDouble(rows.get(i).get(j + 1));
            }
            y[i] = Double.parseDouble(rows.get(i).get(WideSample.FEATURES + 1));
            residual[i] = y[i] - WideSample.truth(x);
        }
        assertEquals(WideSample.ceiling(), 1 - variance(residual) / variance(y), 0.01);
        assertEquals(WideSample.NOISE_SD * WideSample.NOISE_SD, variance(residual), 0.1, "the noise is what it says");
    }

    private static double variance(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        return java.util.Arrays.stream(v).map(a -> (a - mean) * (a - mean)).sum() / (v.length - 1);
    }
}
