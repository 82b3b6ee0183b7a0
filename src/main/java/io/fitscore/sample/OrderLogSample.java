package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Random;

/**
 * Order logs with hidden tastes, to check what ALS learns: every customer and every item has a latent
 * vector of {@value #FACTORS} factors; a customer buys item i with probability proportional to
 * exp({@value #TASTE} * u.v / sqrt(factors) + popularity(i)), so the popular items are what everyone
 * buys somewhat and the tastes decide the rest. Columns as in the well-known online-retail logs:
 * InvoiceNo, StockCode (text ids, SKU00042), Quantity (about 1% returns: negative), InvoiceDate,
 * CustomerID (numeric; about 0.5% empty, as in real logs). {@link #ratings} writes explicit ratings of
 * known noise instead.
 */
public final class OrderLogSample {

    public static final int FACTORS = 4;
    static final double TASTE = 2.5;
    /** Standard deviation of the noise on generated explicit ratings: the RMSE a perfect model would reach. */
    public static final double RATING_NOISE_SD = 0.5;

    private OrderLogSample() {
    }

    /** Customers and items for about {@code rows} order lines: about 50 lines per customer, 20 customers per item. */
    public static int customers(long rows) {
        return (int) Math.max(20, Math.min(200_000, rows / 50));
    }

    public static int items(long rows) {
        return (int) Math.max(20, Math.min(5_000, rows / 1000 + 40));
    }

    /** Writes about {@code rows} order lines (customer by customer, so that only one customer's odds are in memory). */
    public static void orders(long rows, long seed, Writer out) {
        Random random = new Random(seed);
        int customers = customers(rows);
        int items = items(rows);
        double[][] itemFactors = factors(items, random);
        double[] popularity = new double[items];
        for (int i = 0; i < items; i++) {
            popularity[i] = 0.8 * random.nextGaussian();
        }
        double[] weights = new double[items];
        LocalDateTime start = LocalDateTime.of(2026, 11, 1, 8, 0);
        long invoice = 500_000;
        long written = 0;
        try {
            out.write("InvoiceNo,StockCode,Quantity,InvoiceDate,CustomerID\n");
            for (int c = 0; c < customers; c++) {
                double[] taste = gaussian(random);
                double total = 0;
                for (int i = 0; i < items; i++) {
                    total += Math.exp(TASTE * dot(taste, itemFactors[i]) / Math.sqrt(FACTORS) + popularity[i]);
                    weights[i] = total;
                }
                // Customers differ in how much they buy; the expected total is the rows asked for.
                long lines = Math.max(3, Math.round((rows - written) / (double) (customers - c) * Math.exp(0.5 * random.nextGaussian() - 0.125)));
                String customer = random.nextInt(200) == 0 ? "" : Integer.toString(12_000 + c);
                LocalDateTime when = start.plusMinutes(random.nextInt(60 * 24 * 28));
                for (long l = 0; l < lines; l++) {
                    if (l % 8 == 0) {
                        invoice++;
                        when = when.plusMinutes(1 + random.nextInt(600));
                    }
                    int item = pick(weights, total * random.nextDouble());
                    int quantity = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 3);
                    String line = invoice + "," + sku(item) + "," + quantity + "," + when + "," + customer + "\n";
                    out.write(line);
                    if (random.nextInt(100) == 0) { // a return of the line just bought
                        out.write("C" + invoice + "," + sku(item) + "," + (-quantity) + "," + when.plusDays(3) + "," + customer + "\n");
                    }
                }
                written += lines;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Explicit ratings: user (text ids, u00042), item (numeric), rating = 3 + u.v / sqrt(factors) + noise of
     * sd {@link #RATING_NOISE_SD}; each user rates about 40 distinct random items.
     */
    public static void ratings(long rows, long seed, Writer out) {
        Random random = new Random(seed);
        int users = (int) Math.max(20, rows / 40);
        int items = (int) Math.max(20, Math.min(5_000, rows / 200 + 40));
        double[][] itemFactors = factors(items, random);
        try {
            out.write("user,item,rating\n");
            for (int u = 0; u < users; u++) {
                double[] taste = gaussian(random);
                java.util.Set<Integer> rated = new java.util.HashSet<>();
                int count = Math.min(items, (int) (rows / users));
                while (rated.size() < count) {
                    int item = random.nextInt(items);
                    if (rated.add(item)) {
                        double rating = 3 + dot(taste, itemFactors[item]) / Math.sqrt(FACTORS) + RATING_NOISE_SD * random.nextGaussian();
                        out.write(String.format(Locale.ROOT, "u%05d,%d,%.3f%n", u, 100 + item, rating));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sku(int item) {
        return String.format(Locale.ROOT, "SKU%05d", item);
    }

    /** The first index whose cumulative weight reaches {@code target}: a draw from the weights. */
    static int pick(double[] cumulative, double target) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[][] factors(int n, Random random) {
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = gaussian(random);
        }
        return f;
    }

    private static double[] gaussian(Random random) {
        double[] v = new double[FACTORS];
        for (int k = 0; k < FACTORS; k++) {
            v[k] = random.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
