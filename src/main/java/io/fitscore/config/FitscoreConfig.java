package io.fitscore.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Typed view of every {@code fitscore.*} setting; defaults live in application.properties. */
@ConfigMapping(prefix = "fitscore")
public interface FitscoreConfig {

    /** Input CSV URIs (s3://, s3a://, file://), comma-separated. */
    List<String> inputs();

    /** Column the inputs are joined on; absent for a single input table. */
    Optional<String> joinKey();

    /** Numeric column to predict. */
    String target();

    /** Prefix that receives the scored rows as JSON lines, and nothing else. */
    String output();

    /** Prefix that receives metrics.json and the model. */
    String artifacts();

    /** The run's date (yyyy-MM-dd); names the run's artifacts folder. Default: today in UTC. */
    Optional<String> runDate();

    /** flat: results directly under the output prefix; dated: under {@code <output>/run_date=<date>/}. */
    @WithDefault("flat")
    String outputLayout();

    Cv cv();

    /** {@code fitscore reduce}: preprocessing and principal components. */
    Reduce reduce();

    /** {@code fitscore recommend}: ALS recommendations from order logs. */
    Recommend recommend();

    Score score();

    /** S3-compatible endpoint (e.g. http://127.0.0.1:9000); path-style addressing is used when set. */
    Optional<String> s3Endpoint();

    /** How AWS credentials are chosen: auto, static, default, profile, container, instance-profile, web-identity. */
    @WithDefault("auto")
    String credentials();

    Aws aws();

    Csv csv();

    Train train();

    Features features();

    Trainer trainer();

    Evaluation evaluation();

    Spark spark();

    EmbeddedS3 embeddedS3();

    Health health();

    Lease lease();

    Log log();

    /** Log format: plain text by default; JSON lines (for CloudWatch) when configured. */
    interface Log {
        @WithDefault("false")
        boolean json();
    }

    /**
     * One run at a time per destination: a lease object beside each folder a run publishes to, created
     * with a conditional put and renewed while the run lives.
     */
    interface Lease {
        /** A lease not renewed for this long is taken to be a dead run's and may be taken over. */
        @WithDefault("300")
        int ttlSeconds();

        /**
         * How long a run waits for a live lease to end before it gives up with exit 9; 0 gives up at once. The
         * default outlasts the default time to live, so a retry after a killed run takes the dead run's lease over.
         */
        @WithDefault("360")
        int waitSeconds();
    }

    /** The optional HTTP health endpoint (/q/health) that reports the current stage of a run. */
    interface Health {
        @WithDefault("false")
        boolean enabled();

        /** Loopback by default; a container that wants it reachable sets 0.0.0.0. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("8080")
        int port();

        /** A log line every this many seconds while a stage runs; 0 turns the heartbeat off. */
        @WithDefault("30")
        int heartbeatSeconds();
    }

    /** AWS connection settings; keys come from the environment and are never logged. */
    interface Aws {
        @WithDefault("eu-west-1")
        String region();

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        Optional<String> sessionToken();
    }

    /** How the CSV inputs are parsed. */
    interface Csv {
        @WithDefault(",")
        String delimiter();

        /** Declared column types (column -> double|long|string) that override inference. */
        Map<String, String> types();

        /**
         * The inputs' character encoding, any name Java knows (e.g. windows-1252, ISO-8859-1 for spreadsheet exports);
         * validation decodes with it and Spark is given it (its CSV option encoding).
         */
        @WithDefault("UTF-8")
        String encoding();
    }

    /** k-fold cross-validation reported next to the holdout evaluation. */
    interface Cv {
        /** Number of folds; 0 turns cross-validation off. */
        @WithDefault("0")
        int folds();

        /** How many times the k-fold CV is repeated, each with another seeded shuffle. */
        @WithDefault("1")
        int repeats();
    }

    /** Settings of {@code fitscore reduce}; checked together by {@link ReduceSettings#resolve}. */
    interface Reduce {
        /** Number of principal components; unset: the fewest that keep {@link #varianceShare()} of the variance. */
        OptionalInt components();

        /** Share of the variance the components keep when {@link #components()} is unset, in (0, 1]. */
        @WithDefault("0.95")
        double varianceShare();

        /** Numeric columns to reduce; unset: every numeric column except the id column. */
        Optional<List<String>> columns();

        /** Text columns to one-hot encode into the reduction (a 0/1 feature per level, missing values a level of their own). */
        Optional<List<String>> categorical();

        /** Column copied into the output to name each row; unset: the join key (none when that is empty too). */
        Optional<String> idColumn();

        /**
         * Scale every column to unit variance before PCA (columns are always centred); unset: true for
         * tables (columns in different units), false for images (pixels share one scale, and scaling
         * would give a flat background's noise the weight of the shapes).
         */
        Optional<Boolean> standardise();

        /** Output format of the reduced matrix: json (JSON lines) or csv (with a header). */
        @WithDefault("json")
        String format();

        /** What the inputs are: table (CSV files, joined on the key) or images (folders of image files, labelled by sub-folder). */
        @WithDefault("table")
        String source();

        /** Images are resized to this many pixels a side before PCA (size x size x RGB features). */
        @WithDefault("16")
        int imageSize();
    }

    /** How {@code fitscore score} treats inputs that do not match the saved feature pipeline. */
    /** Settings of {@code fitscore recommend}; checked together by {@link RecommendSettings#resolve}. */
    interface Recommend {
        /** Column naming the customer (numeric ids within int range are used as they are; text ids are mapped). */
        @WithDefault("CustomerID")
        String userColumn();

        /** Column naming the item. */
        @WithDefault("StockCode")
        String itemColumn();

        /** Column with the quantity (implicit feedback) or the rating (explicit). */
        @WithDefault("Quantity")
        String ratingColumn();

        /** implicit: quantities summed per customer and item, confidence-weighted ALS; explicit: ratings, averaged per pair. */
        @WithDefault("implicit")
        String feedback();

        /** Number of latent factors. */
        @WithDefault("10")
        int rank();

        /** ALS iterations. */
        @WithDefault("10")
        int iterations();

        /** ALS regularisation (lambda). */
        @WithDefault("0.1")
        double regularization();

        /** Implicit feedback: confidence = 1 + alpha * quantity. */
        @WithDefault("1.0")
        double alpha();

        @WithDefault("42")
        long seed();

        /** Recommendations per customer in the output, and k of the ranking metrics. */
        @WithDefault("10")
        int top();

        /** Share of the customer-item pairs held out to evaluate on (seeded), in (0, 1). */
        @WithDefault("0.2")
        double holdoutFraction();

        /** Leave out items the customer already bought or rated, from the output and the evaluation. */
        @WithDefault("true")
        boolean excludeSeen();

        /** Where ALS checkpoints (shared storage such as s3:// on a cluster); unset: the run's scratch on local[*]. */
        Optional<String> checkpointDir();
    }

    interface Score {
        /** error: a column the model needs is missing -> exit 6; missing: treat it as missing values. */
        @WithDefault("error")
        String missingColumns();
    }

    /** Bounds on what is brought to the driver for training. */
    interface Train {
        /**
         * Most joined rows collected to the driver to train and evaluate on; above it a seeded sample is
         * taken. Scoring is not bounded by it: every joined row is scored inside Spark.
         */
        @WithDefault("300000")
        int maxRows();
    }

    /** How raw columns become model features. */
    interface Features {
        /** Columns that are never features (ids, free-text names, leakage). */
        Optional<List<String>> exclude();

        /** Columns holding several labels in one field, e.g. genres = Action|Drama. */
        Optional<List<String>> multiValued();

        @WithDefault("|")
        String multiValueSeparator();

        /** Categorical levels seen fewer times than this in training fold into "other". */
        @WithDefault("10")
        int minLevelCount();

        /** A text column with more distinct levels than this is taken for an id and left out (unless target-encoded). */
        @WithDefault("100")
        int maxLevels();

        /** Numeric columns to log1p; "auto" also picks every non-negative column with skewness above 2. */
        Optional<List<String>> logTransform();

        /** High-cardinality text columns replaced by the smoothed training mean of the target per level. */
        Optional<List<String>> targetEncoded();

        /** Pseudo-count that pulls a rare level's target mean towards the overall mean. */
        @WithDefault("10")
        double targetSmoothing();

        /** Extra input columns copied to the results next to the key, target and prediction. */
        Optional<List<String>> keepInOutput();
    }

    /** Which Tribuo trainer to use, and its settings. */
    interface Trainer {
        /**
         * auto (k-fold CV on the training split picks among boosting settings, the forest and linear SGD),
         * xgboost, random-forest, cart or linear-sgd.
         */
        @WithDefault("auto")
        String type();

        /** Threads for training (XGBoost, forest trees) on the driver; 0 = every core. */
        @WithDefault("0")
        int threads();

        // Forest, CART and linear SGD settings. Forest defaults measured by 5-fold CV on the course data.
        @WithDefault("400")
        int trees();

        @WithDefault("10")
        int maxDepth();

        @WithDefault("0.4")
        float featureFraction();

        @WithDefault("2")
        float minChildWeight();

        /** Linear SGD's AdaGrad step size. */
        @WithDefault("0.1")
        double learningRate();

        /** Linear SGD's passes over the training rows, up to {@link #maxSgdSteps()} steps in all. */
        @WithDefault("100")
        int epochs();

        /**
         * Linear SGD's most steps (rows times epochs): above {@code max-sgd-steps / epochs} training rows it makes fewer
         * passes, as many steps as {@code auto} compared it with (at most 20,000 rows, all epochs). 1M-row bench:
         * training 225,000 rows 27-35 s -> 8 s, holdout R2 0.4807 -> 0.4797.
         */
        @WithDefault("2000000")
        long maxSgdSteps();

        @WithDefault("42")
        long seed();

        Boosting boosting();

        /**
         * auto: the candidates compared, in order (xgboost, xgboost-fast, linear-sgd, random-forest, blend). The forest
         * is left out by default: it never won on the measured data sets and costs 10-30x a boosting fit.
         */
        @WithDefault("xgboost,xgboost-fast,linear-sgd,blend")
        List<String> autoCandidates();

        /** auto: folds of the CV on the training split that compares the candidates. */
        @WithDefault("3")
        int autoFolds();

        /** auto: wall-clock budget of the comparison; candidates that do not fit are skipped (and reported). */
        @WithDefault("60")
        int autoBudgetSeconds();

        /** auto: most training rows the comparison uses (a seeded sample above it); the winner trains on all. */
        @WithDefault("20000")
        int autoMaxRows();

        /**
         * auto: the {@code blend} candidate (boosting averaged with XGBoost's random forest) is compared only when the
         * training split has at most this many rows: the average helps most where small noisy data makes variance
         * dominate, and it costs a forest's training time and scoring time on top of the boosting's.
         */
        @WithDefault("50000")
        int blendMaxRows();
    }

    /** XGBoost (histogram tree method) settings; defaults measured by repeated CV (README, "Model quality"). */
    interface Boosting {
        @WithDefault("600")
        int rounds();

        @WithDefault("5")
        int maxDepth();

        /** eta. */
        @WithDefault("0.01")
        double learningRate();

        /** Share of rows each round samples. */
        @WithDefault("0.6")
        double subsample();

        /** Share of features each split samples (XGBoost's colsample_bynode). */
        @WithDefault("0.4")
        double featureFraction();

        @WithDefault("5")
        double minChildWeight();

        /** L1 regularisation of leaf weights (alpha). */
        @WithDefault("0")
        double l1();

        /** L2 regularisation of leaf weights (lambda). */
        @WithDefault("1")
        double l2();

        /** Minimum loss reduction to split (gamma). */
        @WithDefault("0")
        double gamma();
    }

    /** Holdout split used to report RMSE, MAE and R2. */
    interface Evaluation {
        @WithDefault("0.25")
        double testFraction();

        @WithDefault("42")
        long seed();
    }

    /** Spark session settings. */
    interface Spark {
        /** The master: spark-submit's (its {@code spark.master} system property) when launched by it, else local[*]. */
        @WithDefault("${spark.master:local[*]}")
        String master();

        /**
         * Partitions of every shuffle (the dedup/join and what follows). Unset: one per
         * {@link #bytesPerShufflePartition()} of input, at least one per core.
         */
        OptionalInt shufflePartitions();

        /** Input bytes per shuffle partition when {@link #shufflePartitions()} is unset (128 MiB, as an HDFS block). */
        @WithDefault("134217728")
        long bytesPerShufflePartition();

        /**
         * Inputs smaller than this in all (bytes) run with small-data settings: no adaptive re-planning and
         * interpreted instead of generated code, which cost more than they save on a few MB. 0 turns it off.
         */
        @WithDefault("67108864")
        long smallInputBytes();

        /**
         * On small inputs (see {@link #smallInputBytes()}), turn the JVM's optimising compiler off for the rest
         * of the run: its compilations cost a small run more CPU than they save.
         */
        @WithDefault("true")
        boolean quickJit();

        /**
         * Where each run makes its scratch folder (Spark's shuffle and spill files, s3a's upload buffers),
         * removed when the run ends. Unset: the JVM's temporary folder. Give it room for a few times the input.
         */
        Optional<String> scratchDir();

        /** Any further spark.* settings, passed through as they are. */
        @WithName("conf")
        Map<String, String> conf();
    }

    /** A local S3Proxy server seeded with generated sample data (dev mode's default). */
    interface EmbeddedS3 {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("9755")
        int port();

        /** Where the server keeps its objects; empty means in memory. */
        Optional<String> dataDir();

        /** Path of the S3Proxy jar-with-dependencies. */
        @WithDefault("target/s3proxy/s3proxy.jar")
        String jar();

        /** Movies generated for the sample inputs. */
        @WithDefault("2000")
        int sampleMovies();
    }
}
