package io.fitscore.regression;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;
import io.fitscore.ml.BoostingSettings;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.ml.TrainerType;

/**
 * The checked, immutable settings of the regression jobs: the training sample's bound, the holdout and CV, the
 * trainer (a command line's {@code --trainer} over {@code fitscore.trainer.type}) and its values for ml, the
 * feature rules, and what scoring does with missing columns.
 */
public record RegressionSettings(int maxRows, double testFraction, long seed, int cvFolds, int cvRepeats, TrainerType trainerType,
        TrainerSettings trainer, MissingColumns missingColumns, RegressionConfig config) {

    /**
     * Checks every regression setting, adding each problem to {@code problems} (reported with the run's, exit 3);
     * empty when there was any.
     */
    public static Optional<RegressionSettings> resolve(RegressionConfig c, String trainerOverride, List<Problem> problems) {
        int before = problems.size();
        if (c.train().maxRows() < 1) {
            problems.add(config("fitscore.train.max-rows must be at least 1, got " + c.train().maxRows()));
        }
        double testFraction = c.evaluation().testFraction();
        if (!(testFraction > 0 && testFraction < 1)) {
            problems.add(config("fitscore.evaluation.test-fraction must be between 0 and 1, got " + testFraction));
        }
        double coverage = c.interval().coverage();
        if (!(coverage == 0 || (coverage > 0 && coverage < 1))) {
            problems.add(config("fitscore.interval.coverage must be 0 (no interval) or between 0 and 1, got " + coverage));
        }
        if (c.drift().failAbove().filter(limit -> !(limit > 0)).isPresent()) {
            problems.add(config("fitscore.drift.fail-above must be above 0 (or unset), got " + c.drift().failAbove().get()));
        }
        if (c.explain().top() < 0) {
            problems.add(config("fitscore.explain.top must be 0 (no explanations) or more, got " + c.explain().top()));
        }
        if (!(c.explain().budgetSeconds() > 0)) {
            problems.add(config("fitscore.explain.budget-seconds must be above 0, got " + c.explain().budgetSeconds()));
        }
        if (c.evaluation().refitBelowRows() < 0) {
            problems.add(config("fitscore.evaluation.refit-below-rows must be 0 (never) or more, got " + c.evaluation().refitBelowRows()));
        }
        if (c.features().minLevelCount() < 1) {
            problems.add(config("fitscore.features.min-level-count must be at least 1"));
        }
        Optional<TrainerType> trainer = RunSettings.attempt(problems,
                () -> TrainerType.parse(trainerOverride != null ? trainerOverride : c.trainer().type()));
        TrainerChecks.check(c.trainer(), problems);
        if (c.cv().folds() == 1 || c.cv().folds() < 0) {
            problems.add(config("FITSCORE_CV_FOLDS must be 0 (off) or at least 2, got " + c.cv().folds()));
        }
        if (c.cv().repeats() < 1) {
            problems.add(config("fitscore.cv.repeats must be at least 1, got " + c.cv().repeats()));
        }
        Optional<MissingColumns> missingColumns = resolveScoring(c, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RegressionSettings(c.train().maxRows(), testFraction, c.evaluation().seed(), c.cv().folds(), c.cv().repeats(),
                trainer.get(), trainerSettings(c.trainer()), missingColumns.get(), c));
    }

    /** Only what scoring reads: {@code fitscore.score.missing-columns}. */
    public static Optional<MissingColumns> resolveScoring(RegressionConfig c, List<Problem> problems) {
        return RunSettings.attempt(problems, () -> MissingColumns.parse(c.score().missingColumns()));
    }

    /** The trainer settings as the plain values ml takes. */
    public static TrainerSettings trainerSettings(RegressionConfig.Trainer t) {
        RegressionConfig.Boosting b = t.boosting();
        return new TrainerSettings(t.threads(), t.trees(), t.maxDepth(), t.featureFraction(), t.minChildWeight(), t.learningRate(),
                t.epochs(), t.maxSgdSteps(), t.seed(), new BoostingSettings(b.rounds(), b.maxDepth(), b.learningRate(), b.subsample(),
                        b.featureFraction(), b.minChildWeight(), b.l1(), b.l2(), b.gamma()),
                t.autoCandidates(), t.autoFolds(), t.autoBudgetSeconds(), t.autoMaxRows(), t.blendMaxRows(), t.autoRepeatBelowRows(),
                t.elasticNetMaxRows());
    }

    /** The feature rules of the configuration, for a target and key. */
    public FeatureSpec featureSpec(String target, Optional<String> key) {
        RegressionConfig.Features f = config.features();
        List<String> log = f.logTransform().orElse(List.of());
        Set<String> logColumns = new HashSet<>(log);
        boolean autoLog = logColumns.remove("auto");
        Set<String> targetEncoded = new HashSet<>(f.targetEncoded().orElse(List.of()));
        Set<String> excluded = new HashSet<>(f.exclude().orElse(List.of()));
        excluded.removeAll(targetEncoded);
        return new FeatureSpec(target, key, excluded, new HashSet<>(f.multiValued().orElse(List.of())),
                f.multiValueSeparator(), f.minLevelCount(), logColumns, autoLog, targetEncoded, f.targetSmoothing(), f.maxLevels(), false);
    }

    /** The prediction interval's coverage; 0 when no interval is written. */
    public double intervalCoverage() {
        return config.interval().coverage();
    }

    /** How many columns each scored row's explanation names; 0: none. */
    public int explainTop() {
        return config.explain().top();
    }

    /** The core-seconds explanations may take over all scored rows. */
    public double explainBudgetSeconds() {
        return config.explain().budgetSeconds();
    }

    /** The population stability index above which a run is refused, if any. */
    public Optional<Double> driftFailAbove() {
        return config.drift().failAbove();
    }

    /** Below this many labelled rows the stored model is trained again on all of them; 0: never. */
    public int refitBelowRows() {
        return config.evaluation().refitBelowRows();
    }

    /** The columns besides the key that the configuration copies into the results. */
    public List<String> keepInOutput() {
        return new ArrayList<>(config.features().keepInOutput().orElse(List.of()));
    }

    /** The regression part of the effective configuration in metrics.json and provenance.json. */
    public Map<String, Object> describe() {
        RegressionConfig c = config;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_max_rows", c.train().maxRows());
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("exclude", c.features().exclude().orElse(List.of()));
        features.put("multi_valued", c.features().multiValued().orElse(List.of()));
        features.put("multi_value_separator", c.features().multiValueSeparator());
        features.put("min_level_count", c.features().minLevelCount());
        features.put("keep_in_output", c.features().keepInOutput().orElse(List.of()));
        features.put("max_levels", c.features().maxLevels());
        features.put("log_transform", c.features().logTransform().orElse(List.of()));
        features.put("target_encoded", c.features().targetEncoded().orElse(List.of()));
        features.put("target_smoothing", c.features().targetSmoothing());
        m.put("features", features);
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("type", trainerType.configName());
        trainer.put("trees", c.trainer().trees());
        trainer.put("max_depth", c.trainer().maxDepth());
        trainer.put("feature_fraction", c.trainer().featureFraction());
        trainer.put("min_child_weight", c.trainer().minChildWeight());
        trainer.put("learning_rate", c.trainer().learningRate());
        trainer.put("epochs", c.trainer().epochs());
        trainer.put("max_sgd_steps", c.trainer().maxSgdSteps());
        trainer.put("seed", c.trainer().seed());
        trainer.put("threads", c.trainer().threads());
        RegressionConfig.Boosting b = c.trainer().boosting();
        Map<String, Object> boosting = new LinkedHashMap<>();
        boosting.put("rounds", b.rounds());
        boosting.put("max_depth", b.maxDepth());
        boosting.put("learning_rate", b.learningRate());
        boosting.put("subsample", b.subsample());
        boosting.put("feature_fraction", b.featureFraction());
        boosting.put("min_child_weight", b.minChildWeight());
        boosting.put("l1", b.l1());
        boosting.put("l2", b.l2());
        boosting.put("gamma", b.gamma());
        trainer.put("boosting", boosting);
        trainer.put("auto_candidates", c.trainer().autoCandidates());
        trainer.put("auto_folds", c.trainer().autoFolds());
        trainer.put("auto_budget_seconds", c.trainer().autoBudgetSeconds());
        trainer.put("auto_max_rows", c.trainer().autoMaxRows());
        trainer.put("blend_max_rows", c.trainer().blendMaxRows());
        trainer.put("auto_repeat_below_rows", c.trainer().autoRepeatBelowRows());
        trainer.put("elastic_net_max_rows", c.trainer().elasticNetMaxRows());
        m.put("trainer", trainer);
        m.put("evaluation", Map.of("test_fraction", c.evaluation().testFraction(), "seed", c.evaluation().seed(),
                "refit_below_rows", c.evaluation().refitBelowRows()));
        m.put("cv", Map.of("folds", c.cv().folds(), "repeats", c.cv().repeats()));
        m.put("interval", Map.of("coverage", c.interval().coverage()));
        m.put("explain", Map.of("top", c.explain().top(), "budget_seconds", c.explain().budgetSeconds()));
        m.put("drift", Map.of("fail_above", c.drift().failAbove().<Object>map(limit -> limit).orElse("off")));
        m.put("score", Map.of("missing_columns", missingColumns.configName()));
        return m;
    }

    private static Problem config(String message) {
        return new Problem(ExitCode.CONFIG, message);
    }
}
