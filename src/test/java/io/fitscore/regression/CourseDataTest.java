package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fitscore.testing.CsvFixture;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The course's real data (read-only from ../shared), uploaded to S3Proxy and run with the default configuration. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class CourseDataTest {

    private static final Path DATA = Path.of("..", "shared", "data", "vlerick");
    private static final String BUCKET = "dmacademy-course-assets";

    @Test
    void courseDataRunsWithDefaults(QuarkusMainLauncher launcher) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(DATA.resolve("pre_release.csv")),
                "../shared/data/vlerick is absent: the course-data test is skipped");
        String pre = Files.readString(DATA.resolve("pre_release.csv"), StandardCharsets.UTF_8);
        String after = Files.readString(DATA.resolve("after_release.csv"), StandardCharsets.UTF_8);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            s3.put(BUCKET, "vlerick/pre_release.csv", pre);
            s3.put(BUCKET, "vlerick/after_release.csv", after);
        }
        // The default inputs, outputs and model settings are the course's: only the endpoint, a fixed run date
        // and 5-fold CV differ (the test profile's smaller forest is lifted so the figures are production's).
        System.setProperty("fitscore.trainer.trees", "400");
        System.setProperty("fitscore.cv.folds", "5");
        LaunchResult result;
        try {
            result = launcher.launch("run", "--run-date", "2026-11-20");
        } finally {
            System.clearProperty("fitscore.trainer.trees");
            System.clearProperty("fitscore.cv.folds");
        }
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        System.out.println(result.getOutput());

        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = new ObjectMapper().readTree(s3.get(BUCKET, "vlerick/fitscore-artifacts/2026-11-20/metrics.json"));
            long expected = CsvFixture.innerJoinCount(CsvFixture.parse(pre), CsvFixture.parse(after), "movie_title");
            assertEquals(expected, metrics.at("/rows/joined").asLong());
            assertEquals(2134, metrics.at("/rows/inputs/0/rows_read").asLong());
            assertEquals(2004, metrics.at("/rows/inputs/1/rows_read").asLong());
            assertTrue(metrics.at("/evaluation/r2").asDouble() > 0.1, "R2 " + metrics.at("/evaluation/r2"));
            assertTrue(metrics.at("/cv/r2_mean").asDouble() > 0.304, "beats the course reference's 5-fold CV R2 of 0.304: "
                    + metrics.at("/cv/r2_mean"));
            assertTrue(metrics.at("/evaluation/rmse").asDouble() < metrics.at("/baseline/rmse").asDouble());
            assertTrue(s3.keys(BUCKET, "vlerick/fitscore/").contains("vlerick/fitscore/_SUCCESS"));
        }
    }
}
