package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;
import io.fitscore.ml.TrainerType;
import io.fitscore.testing.TestConfig;

class RegressionSettingsTest {

    @Test
    void theCommandLinesTrainerWinsOverTheConfiguredOne() {
        List<Problem> problems = new ArrayList<>();
        Optional<RegressionSettings> settings = RegressionSettings.resolve(TestConfig.regression(Map.of("fitscore.trainer.type", "xgboost")),
                "CART", problems);
        assertEquals(List.of(), problems);
        assertEquals(TrainerType.CART, settings.orElseThrow().trainerType());
    }

    @Test
    void settingsTribuoWouldFailOnLaterAreRefusedNamingTheirKey() {
        assertConfigError(Map.of("fitscore.train.max-rows", "0"), "fitscore.train.max-rows");
        assertConfigError(Map.of("fitscore.evaluation.test-fraction", "1.5"), "test-fraction");
        assertConfigError(Map.of("fitscore.trainer.feature-fraction", "0"), "feature-fraction");
        assertConfigError(Map.of("fitscore.cv.folds", "1"), "FITSCORE_CV_FOLDS");
        assertConfigError(Map.of("fitscore.score.missing-columns", "skip"), "missing-columns");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<Problem> problems = new ArrayList<>();
        RegressionSettings.resolve(TestConfig.regression(Map.of("fitscore.train.max-rows", "-1", "fitscore.cv.repeats", "0")), "nope", problems);
        assertEquals(3, problems.size(), problems.toString());
    }

    private static void assertConfigError(Map<String, String> props, String message) {
        List<Problem> problems = new ArrayList<>();
        Optional<RegressionSettings> settings = RegressionSettings.resolve(TestConfig.regression(props), null, problems);
        assertTrue(settings.isEmpty());
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(ExitCode.CONFIG, problems.get(0).exitCode());
        assertTrue(problems.get(0).message().contains(message), problems.get(0).message());
    }
}
