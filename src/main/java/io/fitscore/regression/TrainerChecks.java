package io.fitscore.regression;

import java.util.List;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;
import io.fitscore.ml.TrainerType;

/** The trainer settings Tribuo would accept and fail on later, checked before any I/O and naming the key. */
final class TrainerChecks {

    private TrainerChecks() {
    }

    static void check(RegressionConfig.Trainer cfg, List<Problem> problems) {
        Checker c = new Checker(problems);
        c.require(cfg.trees() >= 1, "fitscore.trainer.trees must be at least 1, got " + cfg.trees());
        c.require(cfg.maxDepth() >= 1, "fitscore.trainer.max-depth must be at least 1, got " + cfg.maxDepth());
        c.require(cfg.featureFraction() > 0 && cfg.featureFraction() <= 1,
                "fitscore.trainer.feature-fraction must be in (0, 1], got " + cfg.featureFraction());
        c.require(cfg.learningRate() > 0, "fitscore.trainer.learning-rate must be positive, got " + cfg.learningRate());
        c.require(cfg.maxSgdSteps() > 0, "fitscore.trainer.max-sgd-steps must be positive, got " + cfg.maxSgdSteps());
        c.require(cfg.threads() >= 0, "fitscore.trainer.threads must be 0 (every core) or more, got " + cfg.threads());
        RegressionConfig.Boosting b = cfg.boosting();
        c.require(b.rounds() >= 1, "fitscore.trainer.boosting.rounds must be at least 1, got " + b.rounds());
        c.require(b.maxDepth() >= 1, "fitscore.trainer.boosting.max-depth must be at least 1, got " + b.maxDepth());
        c.require(b.learningRate() > 0 && b.learningRate() <= 1,
                "fitscore.trainer.boosting.learning-rate must be in (0, 1], got " + b.learningRate());
        c.require(b.subsample() > 0 && b.subsample() <= 1, "fitscore.trainer.boosting.subsample must be in (0, 1], got " + b.subsample());
        c.require(b.featureFraction() > 0 && b.featureFraction() <= 1,
                "fitscore.trainer.boosting.feature-fraction must be in (0, 1], got " + b.featureFraction());
        c.require(b.minChildWeight() >= 0 && b.l1() >= 0 && b.l2() >= 0 && b.gamma() >= 0,
                "fitscore.trainer.boosting: min-child-weight, l1, l2 and gamma must not be negative");
        c.require(!cfg.autoCandidates().isEmpty()
                && TrainerType.AUTO_CANDIDATES.containsAll(cfg.autoCandidates().stream().map(String::strip).toList()),
                "fitscore.trainer.auto-candidates must list some of " + TrainerType.AUTO_CANDIDATES + ", got " + cfg.autoCandidates());
        c.require(cfg.elasticNetMaxRows() >= 0, "fitscore.trainer.elastic-net-max-rows must be 0 or more, got " + cfg.elasticNetMaxRows());
        c.require(cfg.autoRepeatBelowRows() >= 0, "fitscore.trainer.auto-repeat-below-rows must be 0 or more, got " + cfg.autoRepeatBelowRows());
        c.require(cfg.autoFolds() >= 2, "fitscore.trainer.auto-folds must be at least 2, got " + cfg.autoFolds());
        c.require(cfg.autoBudgetSeconds() >= 1, "fitscore.trainer.auto-budget-seconds must be at least 1, got " + cfg.autoBudgetSeconds());
        c.require(cfg.blendMaxRows() >= 0, "fitscore.trainer.blend-max-rows must be 0 or more, got " + cfg.blendMaxRows());
        c.require(cfg.autoMaxRows() >= 10, "fitscore.trainer.auto-max-rows must be at least 10, got " + cfg.autoMaxRows());
    }

    private record Checker(List<Problem> problems) {
        void require(boolean ok, String message) {
            if (!ok) {
                problems.add(new Problem(ExitCode.CONFIG, message));
            }
        }
    }
}
