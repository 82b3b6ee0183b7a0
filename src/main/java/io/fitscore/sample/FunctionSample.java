package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A single table with a known smooth nonlinear truth and known noise, to measure how close a model gets
 * to the best R2 any model can reach: Friedman's #1 function of x1..x5, a categorical offset, three
 * columns of pure noise, plus Gaussian noise of standard deviation {@link #NOISE_SD}.
 */
public final class FunctionSample {

    public static final List<String> COLUMNS = List.of("id", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "region", "y");
    public static final String TARGET = "y";
    public static final double NOISE_SD = 1.0;
    private static final String[] REGIONS = {"north", "south", "east", "west"};
    private static final double[] REGION_OFFSET = {0, 2, -1, 1};

    private FunctionSample() {
    }

    /** The noise-free target. */
    public static double truth(double x1, double x2, double x3, double x4, double x5, String region) {
        int r = List.of(REGIONS).indexOf(region);
        return 10 * Math.sin(Math.PI * x1 * x2) + 20 * (x3 - 0.5) * (x3 - 0.5) + 10 * x4 + 5 * x5 + REGION_OFFSET[r];
    }

    /** Writes {@code rows} rows as CSV with a header. */
    public static void generate(long rows, long seed, Writer out) {
        Random rnd = new Random(seed);
        try {
            out.write(CsvText.line(COLUMNS));
            List<String> fields = new ArrayList<>(COLUMNS.size());
            for (long i = 0; i < rows; i++) {
                double[] x = new double[8];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rnd.nextDouble();
                }
                String region = REGIONS[rnd.nextInt(REGIONS.length)];
                double y = truth(x[0], x[1], x[2], x[3], x[4], region) + rnd.nextGaussian() * NOISE_SD;
                fields.clear();
                fields.add("r" + i);
                for (double v : x) {
                    fields.add(String.format(Locale.ROOT, "%.5f", v));
                }
                fields.add(region);
                fields.add(String.format(Locale.ROOT, "%.4f", y));
                out.write(CsvText.line(fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String generate(int rows, long seed) {
        java.io.StringWriter w = new java.io.StringWriter();
        generate(rows, seed, w);
        return w.toString();
    }
}
