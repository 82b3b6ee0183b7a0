package io.fitscore.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code fitscore runs}: the complete runs of a daily job under its artifacts prefix, and their trend page. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class RunsTest {

    private static final String BUCKET = "fitscore-runs";

    /** metrics.json as a run writes it, reduced to the headline the listing reads. */
    private static String metrics(String model, long joined, double r2, double rmse) {
        return "{\"run_date\":\"x\",\"headline\":{\"model\":\"" + model + "\",\"rows\":" + joined + ",\"figures\":["
                + "{\"name\":\"R2\",\"value\":" + r2 + "},{\"name\":\"RMSE\",\"value\":" + rmse + "}]}}";
    }

    @BeforeAll
    static void daily() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            s3.put(BUCKET, "daily/2026-11-29/metrics.json", metrics("xgboost", 1000, 0.31, 0.70));
            // A run that compared itself with the one before: its drift lists the columns worst first.
            s3.put(BUCKET, "daily/2026-11-30/metrics.json", metrics("xgboost", 1100, 0.35, 0.66).replaceFirst("}$",
                    ",\"drift\":{\"against\":\"2026-11-29\",\"columns\":[{\"column\":\"budget\",\"psi\":0.42},{\"column\":\"genres\",\"psi\":0.02}]}}"));
            s3.put(BUCKET, "daily/2026-12-01/metrics.json", metrics("linear-sgd", 1250, 0.33, 0.68));
            // Not runs: a date folder without metrics.json (incomplete), another folder, a staging folder.
            s3.put(BUCKET, "daily/2026-12-02/model.tribuo", "x");
            s3.put(BUCKET, "daily/notes/metrics.json", metrics("x", 1, 0, 0));
            s3.put(BUCKET, "daily/.2026-12-03.staging-1/metrics.json", metrics("x", 1, 0, 0));
        }
    }

    @Test
    void listsTheCompleteRunsInDateOrderAndWritesTheTrendPage(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("runs", "--artifacts", "s3://" + BUCKET + "/daily/");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        List<String> lines = result.getOutput().lines().filter(l -> l.matches("\\d{4}-\\d{2}-\\d{2} .*")).toList();
        assertEquals(3, lines.size(), result.getOutput());
        assertTrue(lines.get(0).startsWith("2026-11-29") && lines.get(0).contains("xgboost") && lines.get(0).contains("0.3100"), lines.get(0));
        assertTrue(lines.get(2).startsWith("2026-12-01") && lines.get(2).contains("linear-sgd") && lines.get(2).contains("1250"), lines.get(2));
        assertTrue(lines.get(1).contains("budget") && lines.get(1).endsWith("0.4200"), "the worst drifting column: " + lines.get(1));
        assertFalse(lines.get(0).contains("budget"), lines.get(0));
        try (TestS3 s3 = S3ProxyExtension.client()) {
            String html = s3.getString(BUCKET, "daily/trend.html");
            int start = html.indexOf("id=\"fitscore-charts\">");
            JsonNode charts = Results.json(html.substring(start + "id=\"fitscore-charts\">".length(), html.indexOf("</script>", start))
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("[\"2026-11-29\",\"2026-11-30\",\"2026-12-01\"]", charts.at("/0/categories").toString());
            assertEquals("[0.31,0.35,0.33]", charts.at("/0/lines/R2").toString());
            assertEquals("[1000.0,1100.0,1250.0]", charts.at("/1/series/rows").toString());
            // A run that compared with none is a gap (the chart script draws "NaN" as none), not a zero.
            assertEquals("[\"NaN\",0.42,\"NaN\"]", charts.at("/2/lines/worst column's PSI").toString(), charts.at("/2").toString());
        }
    }

    @Test
    void aPrefixWithoutRunsSaysSo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("runs", "--artifacts", "s3://" + BUCKET + "/nothing/");
        assertEquals(5, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("s3://" + BUCKET + "/nothing/: no run (no <date>/metrics.json) under this prefix"),
                result.getErrorOutput());
    }
}
