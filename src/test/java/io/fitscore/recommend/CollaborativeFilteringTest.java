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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fitscore.aws.AwsAccess;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.spark.RunSession;
import io.fitscore.testing.TestConfig;

/** The pairs ALS is fitted on, and its holdout measurement, on logs small enough to count by hand. */
class CollaborativeFilteringTest {

    /** As a CSV export reads: customer ids as numbers (17850.0), stock codes as text, a quantity column with a stray word. */
    private static final StructType LOG = new StructType().add("CustomerID", DataTypes.DoubleType).add("StockCode", DataTypes.StringType)
            .add("Quantity", DataTypes.StringType);
    private static RunSession session;

    @BeforeAll
    static void start() {
        FitscoreConfig config = TestConfig.of(Map.of("fitscore.spark.master", "local[2]", "fitscore.spark.shuffle-partitions", "2"));
        session = RunSession.start(TestConfig.spark(Map.of("fitscore.spark.master", "local[2]", "fitscore.spark.shuffle-partitions", "2")), AwsAccess.decide(config), List.of(), Long.MAX_VALUE);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

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
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int customer = 0; customer < 120; customer++) {
            // Two thirds of the customers buy from shelf A (items 0-19), the rest from shelf B (items 20-39).
            int shelf = customer % 3 == 0 ? 20 : 0;
            for (int item = 0; item < 20; item++) {
                if (random.nextDouble() < 0.45) {
                    rows.add(RowFactory.create((double) customer, "i" + (shelf + item), Integer.toString(1 + random.nextInt(3))));
                }
            }
        }
        RecommendSettings settings = settings(Map.of("fitscore.recommend.rank", "4", "fitscore.recommend.top", "5",
                "fitscore.recommend.iterations", "8"));
        CollaborativeFiltering.Pairs pairs = CollaborativeFiltering.pairs(log(rows), settings);
        try {
            CollaborativeFiltering.Evaluation first = CollaborativeFiltering.evaluate(session.spark(), pairs, settings);
            CollaborativeFiltering.Evaluation again = CollaborativeFiltering.evaluate(session.spark(), pairs, settings);
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
}
