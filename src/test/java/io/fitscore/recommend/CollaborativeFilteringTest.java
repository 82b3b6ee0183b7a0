package io.fitscore.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.LocalSpark;

/** The pairs ALS is fitted on, and its holdout measurement, on logs small enough to count by hand. */
class CollaborativeFilteringTest {

    /** As a CSV export reads: customer ids as numbers (17850.0), stock codes as text, a quantity column with a stray word. */
    private static final StructType LOG = new StructType().add("CustomerID", DataTypes.DoubleType).add("StockCode", DataTypes.StringType)
            .add("Quantity", DataTypes.StringType);
    @RegisterExtension
    static final LocalSpark session = new LocalSpark(2);

    private static RecommendSettings settings(Map<String, String> properties) {
        List<Problem> problems = new ArrayList<>();
        RecommendSettings settings = RecommendSettings.resolve(TestConfig.recommend(properties), problems).orElseThrow();
        assertEquals(List.of(), problems);
        return settings;
    }

    private static Dataset<Row> log(List<Row> rows) {
        return session.spark().createDataFrame(rows, LOG);
    }

    @Test
    void quantitiesAreSummedPerPairAndWhatCannotCountIsDroppedAndCounted() {
        Dataset<Row> rows = log(List.of(
                RowFactory.create(17850.0, "85123A", "6"), RowFactory.create(17850.0, "85123A", "-2"), // a return nets against the buy
                RowFactory.create(17850.0, "POST", "1"),
                RowFactory.create(13047.0, "85123A", "3"), RowFactory.create(13047.0, "POST", "-1"),   // only a return: not positive
                RowFactory.create(null, "85123A", "5"),                                                // no customer
                RowFactory.create(13047.0, "22633", "lots")));                                         // no numeric quantity
        CollaborativeFiltering.Pairs pairs = CollaborativeFiltering.pairs(rows, settings(Map.of()));
        try {
            CollaborativeFiltering.PairCounts counts = pairs.counts();
            assertEquals(7, counts.rows());
            assertEquals(1, counts.droppedMissingId());
            assertEquals(1, counts.droppedMissingRating());
            assertEquals(3, counts.pairs(), "17850-85123A (4), 17850-POST (1), 13047-85123A (3)");
            assertEquals(1, counts.pairsNotPositive());
            assertEquals(2, counts.users());
            assertEquals(2, counts.items());
            double summed = pairs.pairs().agg(org.apache.spark.sql.functions.sum(pairs.pairs().columns()[2])).first().getDouble(0);
            assertEquals(8.0, summed, 1e-9);
        } finally {
            pairs.pairs().unpersist();
        }
    }

    @Test
    void logsWithOneCustomerStopWithInvalidInput() {
        Dataset<Row> rows = log(List.of(RowFactory.create(1.0, "A", "1"), RowFactory.create(1.0, "B", "2")));
        FitscoreException e = assertThrows(FitscoreException.class, () -> CollaborativeFiltering.pairs(rows, settings(Map.of())));
        assertEquals(ExitCode.INPUT_INVALID, e.exitCode());
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    /**
     * Two kinds of customers who buy from two disjoint shelves, with one item of each shelf bought by nearly everyone
     * of its kind: popularity recommends the one shelf everyone shares the most of, ALS each customer's own shelf.
     */
    @Test
    void alsBeatsPopularityWhereTastesDifferAndTheMeasureIsSeeded() {
        List<Row> rows = twoShelves(120, 0.45, 3);
        RecommendSettings settings = settings(Map.of("fitscore.recommend.rank", "4", "fitscore.recommend.top", "5",
                "fitscore.recommend.iterations", "8"));
        CollaborativeFiltering.Pairs pairs = CollaborativeFiltering.pairs(log(rows), settings);
        try {
            CollaborativeFiltering.Split split = CollaborativeFiltering.split(pairs.pairs(), settings);
            CollaborativeFiltering.Evaluation first = CollaborativeFiltering.evaluate(session.spark(), split, AlsTuning.start(settings), settings);
            CollaborativeFiltering.Evaluation again = CollaborativeFiltering.evaluate(session.spark(), split, AlsTuning.start(settings), settings);
            split.training().unpersist();
            assertEquals(first.trainPairs() + first.holdoutPairs(), pairs.counts().pairs(), "the holdout and training pairs are all pairs");
            // Popularity serves the third on shelf B the other shelf's items; ALS serves everyone their own.
            assertTrue(first.als().precisionAtK() > 1.2 * first.popularity().precisionAtK(),
                    "ALS " + first.als() + " vs popularity " + first.popularity());
            assertTrue(first.als().ndcgAtK() > first.popularity().ndcgAtK(), "ALS " + first.als() + " vs popularity " + first.popularity());
            assertEquals(first.holdoutPairs(), again.holdoutPairs(), "the split is seeded");
            assertEquals(first.als().precisionAtK(), again.als().precisionAtK(), 1e-9, "ALS is seeded");
        } finally {
            pairs.pairs().unpersist();
        }
    }

    @Test
    void topKeepsTheBestScoresBestFirstAndLeavesOutWhatIsExcluded() {
        double[] scores = {0.5, 2, Double.NaN, 2, 3, 1};
        boolean[] excluded = {false, false, false, false, true, false};
        assertEquals(List.of(1, 3, 5), java.util.Arrays.stream(TopItems.top(scores, excluded, 3)).boxed().toList(),
                "3.0 is excluded, NaN is no candidate, the tie of 2.0 goes to the lower position");
        assertEquals(List.of(1, 3, 5, 0), java.util.Arrays.stream(TopItems.top(scores, excluded, 10)).boxed().toList(), "fewer than k");
    }

    /** The per-customer metrics, summed and averaged, are what Spark's RankingEvaluator computes on the same rankings. */
    @Test
    void metricsAreThoseOfSparksRankingEvaluator() {
        int k = 4;
        int[][] ranked = {{0, 1, 2, 3}, {5, 4}, {7, 6, 5, 4}};
        int[][] relevant = {{1, 3, 9}, {4}, {0, 8}};
        double[] sums = new double[4];
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < ranked.length; c++) {
            boolean[] isRelevant = new boolean[10];
            for (int r : relevant[c]) {
                isRelevant[r] = true;
            }
            TopItems.addMetrics(ranked[c], isRelevant, relevant[c].length, k, sums, 0);
            rows.add(RowFactory.create(doubles(relevant[c]), doubles(ranked[c])));
        }
        Dataset<Row> frame = session.spark().createDataFrame(rows, new StructType()
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType)).add("prediction", DataTypes.createArrayType(DataTypes.DoubleType)));
        org.apache.spark.ml.evaluation.RankingEvaluator spark = new org.apache.spark.ml.evaluation.RankingEvaluator().setK(k);
        String[] names = {"precisionAtK", "recallAtK", "meanAveragePrecisionAtK", "ndcgAtK"};
        for (int m = 0; m < names.length; m++) {
            assertEquals(spark.setMetricName(names[m]).evaluate(frame), sums[m] / ranked.length, 1e-12, names[m]);
        }
    }

    private static List<Double> doubles(int[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> (double) v).toList();
    }

    /** Three customers: A and B bought together twice, A and C twice, B and C once. */
    @Test
    void coOccurrenceScoresWhatCustomersBoughtTogether() {
        Dataset<Row> rows = log(List.of(RowFactory.create(1.0, "A", "1"), RowFactory.create(1.0, "B", "1"),
                RowFactory.create(2.0, "A", "1"), RowFactory.create(2.0, "B", "1"), RowFactory.create(2.0, "C", "1"),
                RowFactory.create(3.0, "A", "1"), RowFactory.create(3.0, "C", "1"), RowFactory.create(4.0, "D", "1")));
        CollaborativeFiltering.Pairs pairs = CollaborativeFiltering.pairs(rows, settings(Map.of()));
        try {
            String[] labels = pairs.labels().items();
            TopItems.ItemSpace space = CollaborativeFiltering.items(pairs.pairs());
            TopItems.Neighbours neighbours = CoOccurrence.neighbours(session.spark(), pairs.pairs(), space);
            Map<String, Double> similarity = new java.util.HashMap<>();
            for (Row r : CoOccurrence.table(session.spark(), neighbours, space).collectAsList()) {
                similarity.put(labels[r.getInt(0)] + labels[r.getInt(1)], (double) r.getFloat(2));
            }
            // Customers with both over the square root of each one's customers: A has 3, B 2, C 2; D shares with nobody.
            assertEquals(Map.of("AB", 2 / Math.sqrt(6), "BA", 2 / Math.sqrt(6), "AC", 2 / Math.sqrt(6), "CA", 2 / Math.sqrt(6),
                    "BC", 0.5, "CB", 0.5).keySet(), similarity.keySet());
            assertEquals(2 / Math.sqrt(6), similarity.get("AB"), 1e-6);
            assertEquals(0.5, similarity.get("BC"), 1e-6);

            List<Row> recommended = TopItems.recommend(session.spark(), TopItems.customers(pairs.pairs(), null, null), space, neighbours,
                    pairs.labels(), 2, true).orderBy("user").collectAsList();
            Row first = recommended.get(0);
            assertEquals(1L, first.getLong(0));
            List<Row> items = first.getList(1);
            assertEquals(1, items.size(), "customer 1 has A and B; only C neighbours them");
            assertEquals("C", items.get(0).getString(0));
            assertEquals(2 / Math.sqrt(6) + 0.5, items.get(0).getDouble(1), 1e-6, "the sum of C's similarities to A and B");
            assertEquals(0, recommended.get(3).getList(1).size(), "customer 4's item has no neighbour");
        } finally {
            pairs.pairs().unpersist();
        }
    }

    @Test
    void tuningSearchesOnTheTrainingPairsOnlyAndIsSeeded() {
        List<Row> rows = twoShelves(150, 0.4, 5);
        RecommendSettings settings = settings(Map.of("fitscore.recommend.top", "5", "fitscore.recommend.iterations", "5",
                "fitscore.recommend.rank", "4"));
        CollaborativeFiltering.Pairs pairs = CollaborativeFiltering.pairs(log(rows), settings);
        CollaborativeFiltering.Split split = CollaborativeFiltering.split(pairs.pairs(), settings);
        try {
            long training = split.training().count();
            AlsTuning.Result first = AlsTuning.tune(session.spark(), split.training(), settings, () -> 0);
            AlsTuning.Result again = AlsTuning.tune(session.spark(), split.training(), settings, () -> 0);
            assertTrue(first.searched());
            assertEquals(first.chosen(), again.chosen(), "the same pairs choose the same settings");
            assertEquals(scores(first), scores(again), "and score every candidate alike");
            assertTrue(first.fitPairs() + first.validationPairs() <= training, "fitted and validated on training pairs only");
            assertTrue(first.candidates().stream().allMatch(c -> c.settings().rank() == 4), "a configured setting is not searched");
            assertEquals(1 + AlsTuning.REGULARIZATIONS.length + 1 + AlsTuning.ALPHAS.length, first.candidates().size(),
                    "start, regularisations, log confidence, alphas (the rank is configured)");
            AlsTuning.Candidate best = AlsTuning.chosen(first).orElseThrow();
            assertTrue(first.candidates().stream().filter(c -> c.ndcgAtK() != null).allMatch(c -> c.ndcgAtK() <= best.ndcgAtK()));
        } finally {
            split.training().unpersist();
            pairs.pairs().unpersist();
        }
    }

    private static List<List<Object>> scores(AlsTuning.Result r) {
        return r.candidates().stream().map(c -> List.<Object>of(c.settings(), c.status(), String.valueOf(c.ndcgAtK()),
                String.valueOf(c.precisionAtK()))).toList();
    }

    /** The bounded selection of an item's best neighbours keeps the best whatever the order they come in. */
    @Test
    void anItemKeepsItsMostSimilarNeighboursWhateverTheOrder() {
        Random random = new Random(9);
        List<float[]> offers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            offers.add(new float[] {i, random.nextInt(40) / 40f});
        }
        CoOccurrence.Best left = new CoOccurrence.Best();
        CoOccurrence.Best right = new CoOccurrence.Best();
        for (int i = 0; i < offers.size(); i++) {
            (i % 2 == 0 ? left : right).merge(new CoOccurrence.Best((int) offers.get(i)[0], offers.get(i)[1]));
        }
        CoOccurrence.Best merged = left.merge(right);
        List<float[]> expected = offers.stream().sorted((a, b) -> a[1] != b[1] ? Float.compare(b[1], a[1]) : Float.compare(a[0], b[0]))
                .limit(CoOccurrence.NEIGHBOURS).toList();
        assertEquals(CoOccurrence.NEIGHBOURS, merged.size);
        for (int k = 0; k < CoOccurrence.NEIGHBOURS; k++) {
            assertEquals((int) expected.get(k)[0], merged.positions[k], "rank " + k);
        }
    }

    /**
     * Seeded order lines of two kinds of customers: two thirds buy from shelf A (items i0-i19), the rest from shelf B
     * (i20-i39), each item of their shelf with {@code buyChance}, 1 to 3 of it.
     */
    private static List<Row> twoShelves(int customers, double buyChance, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int customer = 0; customer < customers; customer++) {
            int shelf = customer % 3 == 0 ? 20 : 0;
            for (int item = 0; item < 20; item++) {
                if (random.nextDouble() < buyChance) {
                    rows.add(RowFactory.create((double) customer, "i" + (shelf + item), Integer.toString(1 + random.nextInt(3))));
                }
            }
        }
        return rows;
    }

}
