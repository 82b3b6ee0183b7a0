package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A wide table with a sparse signal: {@link #FEATURES} standard normal columns of which only the first
 * {@link #INFORMATIVE} carry signal (linear, with one interaction), the rest pure noise, plus Gaussian noise of
 * standard deviation {@link #NOISE_SD}. The best R2 any model can reach is {@link #ceiling()}.
 */
public final class WideSample {

    public static final int FEATURES = 90;
    public static final int INFORMATIVE = 10;
    public static final double NOISE_SD = 2.0;
    public static final String TARGET = "y";
    /** Weights of the informative columns, halving every three. */
    private static final double[] WEIGHTS = {1.0, 0.9, 0.8, 0.5, 0.45, 0.4, 0.25, 0.2, 0.15, 0.1};
    private static final double INTERACTION = 0.5;

    private WideSample() {
    }

    /** The noise-free target. */
    public static double truth(double[] x) {
        double y = INTERACTION * x[0] * x[1];
        for (int j = 0; j < INFORMATIVE; j++) {
            y += WEIGHTS[j] * x[j];
        }
        return y;
    }

    /** The truth's variance (independent standard normals: the weights' squares plus the interaction's) over the target's. */
    public static double ceiling() {
        double signal = INTERACTION * INTERACTION;
        for (double w : WEIGHTS) {
            signal += w * w;
        }
        return signal / (signal + NOISE_SD * NOISE_SD);
    }

    /** Writes {@code rows} rows as CSV with a header: id, x1..x90, y. */
    public static void generate(long rows, long seed, Writer out) {
        Random rnd = new Random(seed);
        try {
            List<String> header = new ArrayList<>();
            header.add("id");
            for (int j = 1; j <= FEATURES; j++) {
                header.add("x" + j);
            }
            header.add(TARGET);
            out.write(CsvText.line(header));
            List<String> fields = new ArrayList<>(header.size());
            double[] x = new double[FEATURES];
            for (long i = 0; i < rows; i++) {
                fields.clear();
                fields.add("w" + i);
                for (int j = 0; j < FEATURES; j++) {
                    x[j] = rnd.nextGaussian();
                    fields.add(String.format(Locale.ROOT, "%.4f", x[j]));
                }
                fields.add(String.format(Locale.ROOT, "%.4f", truth(x) + rnd.nextGaussian() * NOISE_SD));
                out.write(CsvText.line(fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
