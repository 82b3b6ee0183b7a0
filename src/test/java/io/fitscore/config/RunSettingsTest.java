package io.fitscore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.testing.TestConfig;

class RunSettingsTest {

    @Test
    void overridesReplaceConfiguration() {
        RunSettings run = RunSettings.resolve(TestConfig.of(Map.of()), new RunSettings.Overrides(
                "s3://bucket-b/x.csv", "", "score", "s3://bucket-b/o", null, "2026-03-01"));
        assertEquals(1, run.inputs().size());
        assertEquals(Optional.empty(), run.joinKey(), "an empty join key means a single input table");
        assertEquals("score", run.target());
        assertEquals("o/", run.output().key());
        assertEquals("artifacts/2026-03-01/", run.runArtifacts().key(), "a run's artifacts go to a folder named by its date");
    }

    @Test
    void combinationsThatWouldDestroyDataAreRefused() {
        assertConfigError(Map.of("fitscore.output", "s3://bucket-a/in/"), "contains the input");
        assertConfigError(Map.of("fitscore.artifacts", "s3://bucket-a/out/artifacts/"), "overlap");
        assertConfigError(Map.of("fitscore.join-key", "y"), "same column");
        assertConfigError(Map.of("fitscore.run-date", "21/11/2026"), "FITSCORE_RUN_DATE");
        assertConfigError(Map.of("fitscore.output-layout", "nested"), "output-layout");
    }

    @Test
    void datedLayoutPutsResultsUnderARunDatePartition() {
        RunSettings run = RunSettings.resolve(TestConfig.of(Map.of("fitscore.output-layout", "dated", "fitscore.run-date", "2026-11-21")),
                RunSettings.Overrides.NONE);
        assertEquals("out/run_date=2026-11-21/", run.output().key());
    }

    private static void assertConfigError(Map<String, String> props, String message) {
        FitscoreException e = assertThrows(FitscoreException.class,
                () -> RunSettings.resolve(TestConfig.of(props), RunSettings.Overrides.NONE));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
