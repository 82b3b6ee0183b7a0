package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A numeric table of known low-rank structure, to check what PCA recovers: ten columns x1..x10 are three
 * hidden factors of standard deviations 3, 2 and 1 spread over fixed orthonormal directions, plus noise of
 * standard deviation {@link #NOISE_SD} in every column, so the covariance's eigenvalues, and with them the
 * share of variance each component explains, are known exactly ({@link #varianceShares()}). An {@code id}
 * column, a {@code group} label (the sign of the first factor) and about 0.5% empty cells in x10 come with it.
 */
public final class LowRankSample {

    public static final int COLUMNS = 10;
    public static final double NOISE_SD = 0.1;
    private static final double[] FACTOR_SD = {3, 2, 1};
    // Fixed, so that the directions, and so the truth, do not depend on the data's seed.
    private static final double[][] DIRECTIONS = orthonormalDirections(new Random(20261201));

    private LowRankSample() {
    }

    /** The share of the total variance along each of the ten principal directions, largest first. */
    public static double[] varianceShares() {
        double noise = NOISE_SD * NOISE_SD;
        double total = COLUMNS * noise;
        for (double sd : FACTOR_SD) {
            total += sd * sd;
        }
        double[] shares = new double[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            shares[i] = ((i < FACTOR_SD.length ? FACTOR_SD[i] * FACTOR_SD[i] : 0) + noise) / total;
        }
        return shares;
    }

    /** Writes {@code rows} rows as CSV with a header. */
    public static void generate(long rows, long seed, Writer out) {
        Random rnd = new Random(seed);
        List<String> header = new ArrayList<>();
        header.add("id");
        for (int c = 1; c <= COLUMNS; c++) {
            header.add("x" + c);
        }
        header.add("group");
        try {
            out.write(CsvText.line(header));
            List<String> fields = new ArrayList<>(header.size());
            double[] factors = new double[FACTOR_SD.length];
            for (long i = 0; i < rows; i++) {
                fields.clear();
                fields.add("r" + i);
                for (int f = 0; f < factors.length; f++) {
                    factors[f] = FACTOR_SD[f] * rnd.nextGaussian();
                }
                for (int c = 0; c < COLUMNS; c++) {
                    double x = NOISE_SD * rnd.nextGaussian();
                    for (int f = 0; f < factors.length; f++) {
                        x += DIRECTIONS[f][c] * factors[f];
                    }
                    boolean missing = c == COLUMNS - 1 && rnd.nextInt(200) == 0;
                    fields.add(missing ? "" : String.format(Locale.ROOT, "%.5f", x));
                }
                fields.add(factors[0] >= 0 ? "high" : "low");
                out.write(CsvText.line(fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three random directions in ten dimensions, made orthonormal (Gram-Schmidt). */
    private static double[][] orthonormalDirections(Random rnd) {
        double[][] d = new double[FACTOR_SD.length][COLUMNS];
        for (int f = 0; f < d.length; f++) {
            for (int c = 0; c < COLUMNS; c++) {
                d[f][c] = rnd.nextGaussian();
            }
            for (int g = 0; g < f; g++) {
                double dot = 0;
                for (int c = 0; c < COLUMNS; c++) {
                    dot += d[f][c] * d[g][c];
                }
                for (int c = 0; c < COLUMNS; c++) {
                    d[f][c] -= dot * d[g][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < COLUMNS; c++) {
                norm += d[f][c] * d[f][c];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < COLUMNS; c++) {
                d[f][c] /= norm;
            }
        }
        return d;
    }
}
