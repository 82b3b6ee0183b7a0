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
        m.put("categorical", settings.categorical());
        m.put("id_column", settings.idColumn().orElse(null));
        m.put("standardise", settings.standardise());
        m.put("format", settings.format().name().toLowerCase(Locale.ROOT));
        m.put("source", settings.source().name().toLowerCase(Locale.ROOT));
        m.put("image_size", settings.imageSize());
        return m;
    }

    /** The settings of {@code fitscore recommend}, for the "recommend" block of its effective configuration. */
    public static Map<String, Object> describe(RecommendSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_column", settings.userColumn());
        m.put("item_column", settings.itemColumn());
        m.put("rating_column", settings.ratingColumn());
        m.put("feedback", settings.feedback().name().toLowerCase(Locale.ROOT));
        m.put("rank", settings.rank());
        m.put("iterations", settings.iterations());
        m.put("regularization", settings.regularization());
        m.put("alpha", settings.alpha());
        m.put("seed", settings.seed());
        m.put("top", settings.top());
        m.put("holdout_fraction", settings.holdoutFraction());
        m.put("exclude_seen", settings.excludeSeen());
        m.put("checkpoint_dir", settings.checkpointDir().map(StorageUri::toString).orElse(null));
        return m;
    }

    public static Map<String, Object> describe(RunSettings run, String credentialsKind) {
        FitscoreConfig c = run.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", run.inputs().stream().map(StorageUri::toString).toList());
        m.put("join_key", run.joinKey().orElse(null));
        m.put("target", run.target());
        m.put("output", run.output().toString());
        m.put("output_layout", run.outputLayout().configName());
        m.put("artifacts", run.artifacts().toString());
        m.put("run_date", run.runDate().toString());
        m.put("s3_endpoint", c.s3Endpoint().orElse(null));
        m.put("region", c.aws().region());
        // Only the kind of credentials: keys, secrets and tokens never leave the process.
        m.put("credentials", credentialsKind);
        m.put("csv", Map.of("delimiter", c.csv().delimiter(), "types", c.csv().types(), "encoding", c.csv().encoding()));
        m.put("train_max_rows", c.train().maxRows());
        m.put("lease", Map.of("ttl_seconds", c.lease().ttlSeconds(), "wait_seconds", c.lease().waitSeconds()));
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
        trainer.put("type", run.trainerType().configName());
        trainer.put("trees", c.trainer().trees());
        trainer.put("max_depth", c.trainer().maxDepth());
        trainer.put("feature_fraction", c.trainer().featureFraction());
        trainer.put("min_child_weight", c.trainer().minChildWeight());
        trainer.put("learning_rate", c.trainer().learningRate());
        trainer.put("epochs", c.trainer().epochs());
        trainer.put("max_sgd_steps", c.trainer().maxSgdSteps());
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
        trainer.put("blend_max_rows", c.trainer().blendMaxRows());
        m.put("trainer", trainer);
        m.put("evaluation", Map.of("test_fraction", c.evaluation().testFraction(), "seed", c.evaluation().seed()));
        m.put("cv", Map.of("folds", c.cv().folds(), "repeats", c.cv().repeats()));
        m.put("score", Map.of("missing_columns", run.missingColumns().configName()));
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("master", c.spark().master());
        spark.put("shuffle_partitions", c.spark().shufflePartitions().isPresent() ? c.spark().shufflePartitions().getAsInt() : "auto");
        spark.put("bytes_per_shuffle_partition", c.spark().bytesPerShufflePartition());
        spark.put("small_input_bytes", c.spark().smallInputBytes());
        spark.put("quick_jit", c.spark().quickJit());
        spark.put("scratch_dir", c.spark().scratchDir().filter(d -> !d.isBlank()).orElse("java.io.tmpdir"));
        // Extra Spark settings by name only: their values may hold endpoints or secrets.
        spark.put("conf", List.copyOf(new java.util.TreeSet<>(c.spark().conf().keySet())));
        m.put("spark", spark);
        return m;
    }
}
