package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Order lines that look like a real online shop's export (the well-known online-retail logs' columns: InvoiceNo,
 * StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country), with their dirt:
 * <ul>
 * <li>items in themes (a shop's product ranges), item popularity heavy-tailed within a theme (Zipf) and across themes;</li>
 * <li>customers of heavy-tailed activity, each with two or three favourite themes; an invoice is a basket of one theme
 * (sometimes of the best sellers), and about a third of a returning customer's lines buy again what they bought before;</li>
 * <li>stock codes such as {@code 85123A} (variants of a product) and non-product codes ({@code POST}, {@code M},
 * {@code DOT}, {@code C2}); quantities mostly in pack sizes, sometimes hundreds, once 80,995 and its cancellation;</li>
 * <li>cancellations: invoices starting with {@code C} that take back lines of the customer's earlier invoice with a
 * negative quantity;</li>
 * <li>about a quarter of the invoices without a customer (guest checkouts), and customer ids written as {@code 17850.0}.</li>
 * </ul>
 * Seeded: the same arguments write the same bytes.
 */
public final class ShopLogSample {

    public static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    private static final String[] SERVICE_CODES = {"POST", "M", "DOT", "C2"};
    private static final String[] COLOURS = {"RED", "WHITE", "PINK", "BLUE", "GREEN", "IVORY", "BLACK", "GOLD", "SILVER", "PASTEL"};
    private static final String[] THINGS = {"HEART T-LIGHT HOLDER", "LANTERN", "CAKE CASES", "LUNCH BAG", "JUMBO BAG", "BUNTING",
        "TEA SET", "MUG", "NAPKINS", "CANDLE", "PHOTO FRAME", "DOORMAT", "CUSHION COVER", "CLOCK", "PURSE", "NOTEBOOK", "PEGS",
        "STICKERS", "BAKING SET", "WATER BOTTLE"};
    private static final String[] COUNTRIES = {"United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium"};
    private static final int[] PACKS = {1, 1, 1, 2, 2, 3, 4, 6, 6, 12, 12, 24};

    private ShopLogSample() {
    }

    /** Customers for about {@code rows} lines (the real logs: 4,372 for 541,909 lines). */
    public static int customers(long rows) {
        return (int) Math.max(20, Math.min(500_000, rows / 120));
    }

    /** Products for about {@code rows} lines (the real logs: 4,070 stock codes). */
    public static int items(long rows) {
        return (int) Math.max(40, Math.min(8_000, rows / 130));
    }

    /** Writes about {@code rows} lines, customer by customer. */
    public static void orders(long rows, long seed, Writer out) {
        Random random = new Random(seed);
        int customers = customers(rows);
        int items = items(rows);
        int themes = Math.max(4, items / 40);
        Catalogue catalogue = new Catalogue(items, themes, random);
        LocalDateTime start = LocalDateTime.of(2010, 12, 1, 8, 26);
        long invoice = 536_365;
        long written = 0;
        boolean hugeOrderWritten = false;
        try {
            out.write(HEADER + "\n");
            for (int c = 0; c < customers && written < rows; c++) {
                String customer = String.format(Locale.ROOT, "%d.0", 12_346 + c);
                String country = random.nextInt(10) < 9 ? COUNTRIES[0] : COUNTRIES[1 + random.nextInt(COUNTRIES.length - 1)];
                int[] favourite = {random.nextInt(themes), random.nextInt(themes), random.nextInt(themes)};
                double[] themeWeight = {1.0, 0.5 + random.nextDouble() * 0.5, random.nextInt(2) == 0 ? 0 : 0.4 * random.nextDouble()};
                // Lines per customer are heavy-tailed (a few wholesalers, many one-off buyers), and sum to about the rows asked.
                double share = (rows - written) / (double) (customers - c);
                long lines = Math.max(1, Math.round(share * Math.exp(1.1 * random.nextGaussian() - 0.605)));
                List<Integer> bought = new ArrayList<>();
                List<String[]> lastInvoice = new ArrayList<>();
                LocalDateTime when = start.plusMinutes(random.nextInt(60 * 24 * 300));
                long customerLines = 0;
                while (customerLines < lines) {
                    invoice++;
                    when = when.plusHours(1 + random.nextInt(24 * 20));
                    // A quarter of the baskets are guest checkouts: no customer id.
                    String who = random.nextInt(4) == 0 ? "" : customer;
                    int basket = 1 + (int) Math.min(60, Math.floor(-Math.log(1 - random.nextDouble()) * 12));
                    int theme = pickTheme(favourite, themeWeight, random);
                    lastInvoice.clear();
                    for (int l = 0; l < basket && customerLines < lines; l++, customerLines++) {
                        int item;
                        double u = random.nextDouble();
                        if (u < 0.3 && !bought.isEmpty()) {
                            item = bought.get(random.nextInt(bought.size())); // buying again
                        } else if (theme < 0 || u >= 0.3 && u < 0.4) {
                            item = catalogue.bestSeller(random);
                        } else {
                            item = catalogue.inTheme(theme, random);
                        }
                        int quantity = PACKS[random.nextInt(PACKS.length)] * (random.nextInt(50) == 0 ? 25 : 1);
                        String[] line = {Long.toString(invoice), catalogue.code(item), catalogue.description(item), Integer.toString(quantity),
                            date(when), catalogue.price(item), who, country};
                        out.write(CsvText.line(List.of(line)));
                        lastInvoice.add(line);
                    }
                    if (!who.isEmpty()) { // what a customer can buy again: their earlier baskets
                        for (String[] line : lastInvoice) {
                            bought.add(catalogue.index(line[1]));
                        }
                    }
                    if (random.nextInt(100) < 8 && !who.isEmpty()) {
                        out.write(CsvText.line(List.of(Long.toString(invoice), SERVICE_CODES[random.nextInt(SERVICE_CODES.length)],
                                "POSTAGE", "1", date(when), "18.00", who, country)));
                    }
                    if (random.nextInt(100) < 3 && !who.isEmpty()) { // a cancellation of part of this invoice
                        for (String[] line : lastInvoice) {
                            if (random.nextBoolean()) {
                                out.write(CsvText.line(List.of("C" + line[0], line[1], line[2], "-" + line[3], date(when.plusDays(2)), line[5],
                                        line[6], line[7])));
                            }
                        }
                    }
                }
                if (!hugeOrderWritten && written > rows / 2) { // the famous paper craft order of 80,995, cancelled minutes later
                    hugeOrderWritten = true;
                    int item = catalogue.inTheme(favourite[0], random);
                    out.write(CsvText.line(List.of(Long.toString(++invoice), catalogue.code(item), catalogue.description(item), "80995",
                            date(when), "2.08", customer, country)));
                    out.write(CsvText.line(List.of("C" + invoice, catalogue.code(item), catalogue.description(item), "-80995",
                            date(when.plusMinutes(12)), "2.08", customer, country)));
                }
                written += customerLines;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int pickTheme(int[] favourite, double[] weight, Random random) {
        double total = weight[0] + weight[1] + weight[2];
        if (random.nextInt(10) == 0) {
            return -1; // a basket of the shop's best sellers
        }
        double u = random.nextDouble() * total;
        return u < weight[0] ? favourite[0] : u < weight[0] + weight[1] ? favourite[1] : favourite[2];
    }

    private static String date(LocalDateTime t) {
        return t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + t.getYear() + " " + t.getHour() + ":" + String.format(Locale.ROOT, "%02d",
                t.getMinute());
    }

    /** The products: a theme each, a Zipf popularity within it, a code, a description and a price. */
    private static final class Catalogue {
        private final int[][] members;
        private final double[][] cumulative;
        private final double[] overall;
        private final String[] codes;
        private final String[] descriptions;
        private final String[] prices;
        private final java.util.Map<String, Integer> byCode = new java.util.HashMap<>();

        Catalogue(int items, int themes, Random random) {
            List<List<Integer>> byTheme = new ArrayList<>();
            for (int t = 0; t < themes; t++) {
                byTheme.add(new ArrayList<>());
            }
            codes = new String[items];
            descriptions = new String[items];
            prices = new String[items];
            int base = 20_000;
            java.util.Set<String> used = new java.util.HashSet<>();
            for (int i = 0; i < items; i++) {
                int theme = random.nextInt(themes);
                byTheme.get(theme).add(i);
                // Variants of one product share its five digits and differ by a letter (85123A, 85123B).
                boolean variant = i > 0 && random.nextInt(5) == 0;
                String code = variant ? codes[i - 1].substring(0, 5) + (char) ('A' + random.nextInt(4)) : null;
                codes[i] = code != null && used.add(code) ? code : Integer.toString(base += 1 + random.nextInt(60));
                used.add(codes[i]);
                byCode.put(codes[i], i);
                String thing = THINGS[theme % THINGS.length];
                descriptions[i] = COLOURS[random.nextInt(COLOURS.length)] + " " + thing + (random.nextInt(8) == 0 ? ", SET OF " + (2 + random.nextInt(5)) : "");
                prices[i] = String.format(Locale.ROOT, "%.2f", 0.29 + Math.exp(random.nextGaussian()) * 1.5);
            }
            members = new int[themes][];
            cumulative = new double[themes][];
            for (int t = 0; t < themes; t++) {
                members[t] = byTheme.get(t).stream().mapToInt(Integer::intValue).toArray();
                cumulative[t] = zipf(members[t].length, 0.8);
            }
            overall = zipf(items, 0.8);
        }

        /** Cumulative Zipf weights 1/rank^s of n ranks. */
        private static double[] zipf(int n, double s) {
            double[] c = new double[n];
            double total = 0;
            for (int r = 0; r < n; r++) {
                total += 1 / Math.pow(r + 1, s);
                c[r] = total;
            }
            return c;
        }

        int inTheme(int theme, Random random) {
            int[] m = members[theme];
            if (m.length == 0) {
                return bestSeller(random);
            }
            return m[OrderLogSample.pick(cumulative[theme], random.nextDouble() * cumulative[theme][m.length - 1])];
        }

        int bestSeller(Random random) {
            return OrderLogSample.pick(overall, random.nextDouble() * overall[overall.length - 1]);
        }

        String code(int item) {
            return codes[item];
        }

        int index(String code) {
            return byCode.get(code);
        }

        String description(int item) {
            return descriptions[item];
        }

        String price(int item) {
            return prices[item];
        }
    }
}
