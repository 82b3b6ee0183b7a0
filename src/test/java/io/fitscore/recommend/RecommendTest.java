package io.fitscore.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.sample.OrderLogSample;
import io.fitscore.sample.ShopLogSample;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code fitscore recommend} on generated order logs with hidden tastes, against a real S3 server. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class RecommendTest {

    private static final String BUCKET = "fitscore-recommend";
    private static final int ORDER_ROWS = 30_000;
    private static final int SHOP_ROWS = 150_000;
    private static long orderLines;
    private static long shopBytes;

    @BeforeAll
    static void upload() {
        StringWriter orders = new StringWriter();
        OrderLogSample.orders(ORDER_ROWS, 5, orders);
        StringWriter ratings = new StringWriter();
        OrderLogSample.ratings(20_000, 6, ratings);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            // The logs split over two files of one folder, as a stream would deliver them.
            List<String> lines = orders.toString().lines().toList();
            orderLines = lines.size() - 1;
            int half = lines.size() / 2;
            s3.put(BUCKET, "logs/2026-11/part-a.csv", String.join("\n", lines.subList(0, half)) + "\n");
            s3.put(BUCKET, "logs/2026-11/part-b.csv", lines.get(0) + "\n" + String.join("\n", lines.subList(half, lines.size())) + "\n");
            s3.put(BUCKET, "ratings.csv", ratings.toString());
            // A shop's export split by month, read through a pattern.
            StringWriter shop = new StringWriter();
            ShopLogSample.orders(SHOP_ROWS, 11, shop);
            List<String> shopLines = shop.toString().lines().toList();
            int third = shopLines.size() / 3;
            String first = String.join("\n", shopLines.subList(0, third)) + "\n";
            String second = shopLines.get(0) + "\n" + String.join("\n", shopLines.subList(third, shopLines.size())) + "\n";
            s3.put(BUCKET, "shop/2011-01.csv", first);
            s3.put(BUCKET, "shop/2011-02.csv", second);
            s3.put(BUCKET, "shop/README.txt", "not a log");
            shopBytes = first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + second.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            s3.put(BUCKET, "one-customer.csv", "InvoiceNo,StockCode,Quantity,CustomerID\n1,A,2,7\n2,B,1,7\n3,C,5,7\n");
            s3.put(BUCKET, "no-quantity.csv", "InvoiceNo,StockCode,Quantity,CustomerID\n1,A,,7\n2,B,n/a,8\n");
            s3.put(BUCKET, "big-ids.csv", "InvoiceNo,StockCode,Quantity,CustomerID\n1,A,2,7\n2,B,1,3000000000\n");
            s3.put(BUCKET, "no-item.csv", "InvoiceNo,Sku,Quantity,CustomerID\n1,A,2,7\n2,B,1,8\n");
        }
    }

    private static LaunchResult recommend(QuarkusMainLauncher launcher, String inputs, String out, Map<String, String> settings) {
        settings.forEach(System::setProperty);
        try {
            return launcher.launch("recommend", "--inputs", inputs, "--output", "s3://" + BUCKET + "/" + out + "/",
                    "--artifacts", "s3://" + BUCKET + "/" + out + "-artifacts/", "--run-date", "2026-12-01");
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void alsBeatsThePopularityBaselineAndTextIdsRoundTrip(QuarkusMainLauncher launcher) {
        LaunchResult result = recommend(launcher, "s3://" + BUCKET + "/logs/2026-11/", "orders", Map.of());
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "orders-artifacts/2026-12-01/metrics.json"));
            double als = metrics.at("/holdout/als/precision_at_k").asDouble();
            assertEquals("precision@k", metrics.at("/headline/figures/0/name").asText());
            assertEquals(als, metrics.at("/headline/figures/0/value").asDouble(), 0);
            assertTrue(metrics.at("/headline/model").asText().startsWith("ALS rank "), metrics.at("/headline").toString());
            double popular = metrics.at("/holdout/popularity/precision_at_k").asDouble();
            // Stated margin: ALS's precision@10 at least 1.3x the popularity baseline's on logs with hidden tastes.
            assertTrue(als >= 1.3 * popular, "precision@10 ALS " + als + " vs popularity " + popular + ": " + metrics.at("/holdout"));
            assertTrue(metrics.at("/pairs/dropped_missing_id").asLong() > 0, "rows without a customer are dropped and counted");
            assertEquals(1, metrics.at("/inputs").size(), "one folder input of two files");
            assertEquals(orderLines, metrics.at("/inputs/0/rows_read").asLong(), "both files read, each header once");

            List<JsonNode> rows = Results.read(s3, BUCKET, "orders/");
            assertEquals(metrics.at("/served/customers").asLong(), rows.size());
            assertEquals(metrics.at("/pairs/users").asLong(), rows.size(), "one line per customer");
            Set<String> users = new HashSet<>();
            for (JsonNode row : rows) {
                assertTrue(row.get("user").isIntegralNumber(), "numeric customer ids stay numbers: " + row);
                assertTrue(users.add(row.get("user").asText()), "one line per customer");
                JsonNode recs = row.get("recommendations");
                assertEquals(10, recs.size(), row.toString());
                for (int i = 0; i < recs.size(); i++) {
                    assertTrue(recs.get(i).get("item").asText().matches("SKU\\d{5}"), "text item ids mapped back: " + recs.get(i));
                    if (i > 0) {
                        assertTrue(recs.get(i).get("score").asDouble() <= recs.get(i - 1).get("score").asDouble(), "best first: " + recs);
                    }
                }
            }
            String report = s3.getString(BUCKET, "orders-artifacts/2026-12-01/report.html");
            assertTrue(report.contains(String.format(java.util.Locale.ROOT, "<dt>precision@k ALS</dt><dd>%.4f</dd>", als)), "report shows metrics.json's figure");
            assertTrue(report.contains(String.format(java.util.Locale.ROOT, "<dt>precision@k popularity</dt><dd>%.4f</dd>", popular)));
            List<String> artifacts = s3.keys(BUCKET, "orders-artifacts/2026-12-01/");
            for (String name : List.of("metrics.json", "provenance.json", "model/metadata/", "item_index/metadata/")) {
                assertTrue(artifacts.stream().anyMatch(k -> k.contains("/2026-12-01/" + name)), name + " in " + artifacts);
            }
        }
    }

    @Test
    void explicitRatingsAreLearntToNearTheirNoise(QuarkusMainLauncher launcher) {
        LaunchResult result = recommend(launcher, "s3://" + BUCKET + "/ratings.csv", "ratings", Map.of(
                "fitscore.recommend.feedback", "explicit", "fitscore.recommend.user-column", "user",
                "fitscore.recommend.item-column", "item", "fitscore.recommend.rating-column", "rating"));
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "ratings-artifacts/2026-12-01/metrics.json"));
            double rmse = metrics.at("/holdout/rmse").asDouble();
            // Stated: within 1.5x the generator's noise (sd 0.5); a constant guess would be about 1.1.
            assertTrue(rmse <= 1.5 * OrderLogSample.RATING_NOISE_SD, "holdout RMSE " + rmse);
            JsonNode first = Results.read(s3, BUCKET, "ratings/").get(0);
            assertTrue(first.get("user").asText().matches("u\\d{5}"), "text user ids mapped back: " + first);
            assertTrue(first.at("/recommendations/0/item").isIntegralNumber(), first.toString());
        }
    }

    @Test
    void badLogsStopWithOneLineAndPublishNothing(QuarkusMainLauncher launcher) {
        Map<String, String> cases = Map.of(
                "one-customer.csv", "the logs leave 1 customer(s) and 3 item(s) with a positive quantity; ALS needs at least 2 of each",
                "no-quantity.csv", "rating column 'Quantity' has no numeric value in any of the 2 rows",
                "big-ids.csv", "column 'CustomerID' holds the id 3000000000, not a whole number in ALS's range",
                "no-item.csv", "column 'StockCode' (fitscore.recommend.item-column) is not in the inputs");
        cases.forEach((file, message) -> {
            String out = "bad-" + file.replace(".csv", "");
            LaunchResult result = recommend(launcher, "s3://" + BUCKET + "/" + file, out, Map.of());
            assertEquals(6, result.exitCode(), file + ": " + result.getErrorOutput());
            assertTrue(result.getErrorOutput().contains(message), file + ": " + result.getErrorOutput());
            try (TestS3 s3 = S3ProxyExtension.client()) {
                assertEquals(List.of(), s3.keys(BUCKET, out), "nothing published or left in staging for " + file);
            }
        });
        LaunchResult none = recommend(launcher, "s3://" + BUCKET + "/logs/2025-*/*.csv", "bad-none", Map.of());
        assertEquals(5, none.exitCode(), none.getErrorOutput());
        assertTrue(none.getErrorOutput().contains("no file matches this pattern"), none.getErrorOutput());
    }

    /**
     * A shop's export through a {@code *.csv} pattern: read once, no warning about a metadata folder, ALS's settings
     * tuned on the training pairs, and ALS as tuned ranking better than both baselines.
     */
    @Test
    void aShopsLogsAreReadOnceAndTunedAlsBeatsBothBaselines(QuarkusMainLauncher launcher) {
        LaunchResult result = recommend(launcher, "s3://" + BUCKET + "/shop/*.csv", "shop-recs", Map.of());
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        String log = result.getOutput() + result.getErrorOutput();
        assertFalse(log.contains("Assume no metadata directory"), "Spark looked for a metadata folder at the pattern: " + log);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "shop-recs-artifacts/2026-12-01/metrics.json"));
            long read = metrics.at("/spark/s3/s3a/bytes_read").asLong();
            assertTrue(read >= shopBytes && read < 1.1 * shopBytes, "the logs (" + shopBytes + " bytes) are read once: " + read + " bytes");
            assertTrue(metrics.at("/tuning/searched").asBoolean(), metrics.at("/tuning").toString());
            assertTrue(metrics.at("/tuning/candidates").size() >= 5, metrics.at("/tuning").toString());
            JsonNode h = metrics.at("/holdout");
            for (String measure : List.of("precision_at_k", "ndcg_at_k")) {
                double als = h.at("/als/" + measure).asDouble();
                assertTrue(als > h.at("/cooccurrence/" + measure).asDouble() && als > 2 * h.at("/popularity/" + measure).asDouble(),
                        measure + ": " + h);
            }
            assertTrue(metrics.at("/verdict").asText().startsWith("ALS ranked best"), metrics.at("/verdict").asText());
            JsonNode first = Results.read(s3, BUCKET, "shop-recs/").get(0);
            assertTrue(first.get("user").isIntegralNumber(), "ids written 17850.0 are customers' numbers: " + first);
            assertTrue(first.at("/recommendations/0/item").asText().matches("\\d{5}[A-D]?"), "stock codes mapped back: " + first);
            String report = s3.getString(BUCKET, "shop-recs-artifacts/2026-12-01/report.html");
            assertTrue(report.contains("precision@k co-occurrence") && report.contains("ALS settings tuned on"), "the report shows both");
        }
    }
}
