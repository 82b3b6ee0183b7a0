package io.fitscore.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fitscore.sample.MovieSample;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** Bad configuration and bad inputs: one clear error line, the documented exit code, nothing written. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class RunFailureTest {

    private static final String BUCKET = "fitscore-failures";
    private static final String PRE = "s3://" + BUCKET + "/in/pre_release.csv";
    private static final String AFTER = "s3://" + BUCKET + "/in/after_release.csv";

    @BeforeAll
    static void upload() {
        MovieSample.Files sample = MovieSample.generate(200, 3);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.putMovieSample(BUCKET, sample);
            s3.put(BUCKET, "in/other_titles.csv", "movie_title,imdb_score\nNobody Made This,5.0\n");
            s3.put(BUCKET, "in/header_only.csv", "movie_title,imdb_score\n");
        }
    }

    @AfterEach
    void nothingWritten() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertEquals(List.of(), s3.keys(BUCKET, "out/"), "a failed run writes no results");
            assertEquals(List.of(), s3.keys(BUCKET, "artifacts/"), "a failed run writes no artifacts");
            assertEquals(List.of(), s3.keys(BUCKET, "").stream().filter(k -> k.contains(".staging-")).toList(),
                    "a failed run leaves no staging folder");
        }
    }

    @Test
    void aRunThatFailsLateLeavesThePreviousResultsIntact(QuarkusMainLauncher launcher) {
        LaunchResult first = launcher.launch("run", "--inputs", PRE + "," + AFTER, "--output", "s3://" + BUCKET + "/kept/",
                "--artifacts", "s3://" + BUCKET + "/kept-artifacts/", "--run-date", "2026-11-01");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        Map<String, String> before = snapshot("kept/");
        assertFalse(before.isEmpty());
        // Results are fully written, then the artifacts cannot be: the run must not touch the published results.
        LaunchResult second = launcher.launch("run", "--inputs", PRE + "," + AFTER, "--output", "s3://" + BUCKET + "/kept/",
                "--artifacts", "s3://no-such-artifacts-bucket/a/", "--trainer", "cart", "--run-date", "2026-11-01");
        assertFailure(second, 7, "s3://no-such-artifacts-bucket/");
        assertEquals(before, snapshot("kept/"), "the previous results are unchanged, byte for byte");
        try (TestS3 s3 = S3ProxyExtension.client()) {
            for (String key : s3.keys(BUCKET, "kept")) {
                s3.delete(BUCKET, key);
            }
        }
    }

    private static Map<String, String> snapshot(String prefix) {
        Map<String, String> content = new TreeMap<>();
        try (TestS3 s3 = S3ProxyExtension.client()) {
            for (String key : s3.keys(BUCKET, prefix)) {
                content.put(key, s3.getString(BUCKET, key));
            }
        }
        return content;
    }

    @Test
    void unknownTrainerIsAConfigError(QuarkusMainLauncher launcher) {
        expectFailure(launcher, 3, "fitscore.trainer.type: unknown trainer 'deep-magic'", "--trainer", "deep-magic");
    }

    @Test
    void outputThatContainsAnInputIsRefused(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("run", "--inputs", PRE + "," + AFTER, "--output", "s3://" + BUCKET + "/in/",
                "--artifacts", "s3://" + BUCKET + "/artifacts/");
        assertFailure(result, 3, "contains the input");
    }

    @Test
    void missingObjectIsNamed(QuarkusMainLauncher launcher) {
        expectFailure(launcher, 5, "s3://" + BUCKET + "/in/nope.csv: does not exist",
                "--inputs", PRE + ",s3://" + BUCKET + "/in/nope.csv");
    }

    @Test
    void withSeveralBadInputsTheMostFundamentalProblemIsTheExitCodeInEitherOrderAndEachLineNamesItsOwn(QuarkusMainLauncher launcher) {
        String unusable = "s3://" + BUCKET + "/in/header_only.csv";
        String missing = "s3://" + BUCKET + "/in/nope.csv";
        for (String inputs : List.of(unusable + "," + missing, missing + "," + unusable)) {
            LaunchResult result = run(launcher, "--inputs", inputs);
            assertEquals(5, result.exitCode(), inputs + ": " + result.getErrorOutput());
            List<String> lines = result.getErrorOutput().lines().filter(l -> l.startsWith("fitscore: error: ")).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains(missing + ": does not exist") && l.endsWith("[exit 5: "
                    + io.fitscore.failure.ExitCode.INPUT_MISSING.meaning() + "]")), inputs + ": " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains(unusable + ": has a header but no data rows") && l.contains("[exit 6: ")),
                    inputs + ": " + lines);
        }
    }

    @Test
    void missingBucketIsNamed(QuarkusMainLauncher launcher) {
        expectFailure(launcher, 5, "s3://no-such-bucket-here/x.csv: the bucket does not exist",
                "--inputs", PRE + ",s3://no-such-bucket-here/x.csv");
    }

    @Test
    void missingTargetIsInvalidInput(QuarkusMainLauncher launcher) {
        expectFailure(launcher, 6, "target column 'box_office' is in none of the inputs", "--target", "box_office");
    }

    @Test
    void emptyJoinIsInvalidInput(QuarkusMainLauncher launcher) {
        expectFailure(launcher, 6, "no row survives the inner join on 'movie_title'",
                "--inputs", PRE + ",s3://" + BUCKET + "/in/other_titles.csv");
    }

    @Test
    void wrongSecretIsACredentialsError(QuarkusMainLauncher launcher) {
        String good = System.getProperty("fitscore.aws.secret-access-key");
        System.setProperty("fitscore.aws.secret-access-key", "not-the-secret");
        try {
            LaunchResult result = run(launcher);
            assertFailure(result, 4, "access denied");
            assertTrue(!result.getErrorOutput().contains("not-the-secret") && !result.getOutput().contains("not-the-secret"),
                    "the secret is never printed");
        } finally {
            System.setProperty("fitscore.aws.secret-access-key", good);
        }
    }

    private static void expectFailure(QuarkusMainLauncher launcher, int code, String message, String... extraArgs) {
        assertFailure(run(launcher, extraArgs), code, message);
    }

    private static LaunchResult run(QuarkusMainLauncher launcher, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--inputs", PRE + "," + AFTER,
                "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/artifacts/"));
        for (int i = 0; i < extraArgs.length; i += 2) {
            int at = args.indexOf(extraArgs[i]);
            if (at >= 0) {
                args.set(at + 1, extraArgs[i + 1]);
            } else {
                args.add(extraArgs[i]);
                args.add(extraArgs[i + 1]);
            }
        }
        return launcher.launch(args.toArray(String[]::new));
    }

    /** One error line per problem found (validation reports them all), each with its exit code; one names the expected problem with the run's. */
    private static void assertFailure(LaunchResult result, int code, String message) {
        assertEquals(code, result.exitCode(), result.getErrorOutput());
        List<String> errorLines = result.getErrorOutput().lines().filter(l -> l.startsWith("fitscore: error: ")).toList();
        assertFalse(errorLines.isEmpty(), "an error line: " + result.getErrorOutput());
        assertTrue(errorLines.stream().allMatch(l -> l.matches(".*\\[exit \\d+: [^]]+]$")), errorLines.toString());
        assertTrue(errorLines.stream().anyMatch(l -> l.contains(message) && l.contains("[exit " + code + ": ")), errorLines.toString());
    }
}
