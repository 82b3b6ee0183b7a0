package io.fitscore.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fitscore.storage.StorageUri;

/** The run's effective configuration as plain data for metrics.json, with every secret left out. */
public final class EffectiveConfig {

    private EffectiveConfig() {
    }

    /** The settings of {@code fitscore reduce}, for the "reduce" block of its effective configuration. */
    public static Map<String, Object> describe(ReduceSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("components", settings.components().isPresent() ? settings.components().getAsInt() : null);
        m.put("variance_share", settings.varianceShare());
        m.put("columns", settings.columns().orElse(null));
        m.put("id_column", settings.idColumn().orElse(null));
        m.put("standardise", settings.standardise());
        m.put("format", settings.format().name().toLowerCase(Locale.ROOT));
        return m;
    }

    public static Map<String, Object> describe(RunSettings run, String credentialsKind) {
        FitscoreConfig c = run.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", run.inputs().stream().map(StorageUri::toString).toList());
        m.put("join_key", run.joinKey().orElse(null));
        m.put("target", run.target());
        m.put("output", run.output().toString());
        m.put("artifacts", run.artifacts().toString());
        m.put("s3_endpoint", c.s3Endpoint().orElse(null));
        m.put("region", c.aws().region());
        // Only the kind of credentials: keys, secrets and tokens never leave the process.
        m.put("credentials", credentialsKind);
        m.put("csv", Map.of("delimiter", c.csv().delimiter(), "types", c.csv().types()));
        m.put("train_max_rows", c.train().maxRows());
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("exclude", c.features().exclude().orElse(List.of()));
        features.put("multi_valued", c.features().multiValued().orElse(List.of()));
        features.put("multi_value_separator", c.features().multiValueSeparator());
        features.put("min_level_count", c.features().minLevelCount());
        features.put("keep_in_output", c.features().keepInOutput().orElse(List.of()));
        m.put("features", features);
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("type", run.trainerType().configName());
        trainer.put("trees", c.trainer().trees());
        trainer.put("max_depth", c.trainer().maxDepth());
        trainer.put("feature_fraction", c.trainer().featureFraction());
        trainer.put("min_child_weight", c.trainer().minChildWeight());
        trainer.put("learning_rate", c.trainer().learningRate());
        trainer.put("epochs", c.trainer().epochs());
        trainer.put("seed", c.trainer().seed());
        trainer.put("threads", c.trainer().threads());
        FitscoreConfig.Boosting b = c.trainer().boosting();
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
        m.put("trainer", trainer);
        m.put("evaluation", Map.of("test_fraction", c.evaluation().testFraction(), "seed", c.evaluation().seed()));
        m.put("cv", Map.of("folds", c.cv().folds(), "repeats", c.cv().repeats()));
        m.put("spark", Map.of("master", c.spark().master(), "shuffle_partitions",
                c.spark().shufflePartitions().isPresent() ? c.spark().shufflePartitions().getAsInt() : "auto"));
        return m;
    }
}
