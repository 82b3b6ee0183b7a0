package io.fitscore.regression;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings only the regression jobs ({@code run}, {@code score}, {@code validate}) read: the training sample,
 * features, trainers, evaluation and scoring; checked by {@link RegressionSettings#resolve}, and only by them.
 */
@ConfigMapping(prefix = "fitscore")
public interface RegressionConfig {

    Train train();

    Features features();

    Trainer trainer();

    Evaluation evaluation();

    Cv cv();

    Score score();

    Interval interval();

    Drift drift();

    Explain explain();

    /** Per-row explanations in the results: which input columns moved each prediction, and by how much. */
    interface Explain {
        /**
         * How many columns each scored row names (feature, value, contribution), largest contributions first, beside
         * the base value and the sum of the others; 0 writes no explanations.
         */
        @WithDefault("3")
        int top();

        /**
         * The most core-seconds explanations may take over all scored rows, as estimated from the model's size before
         * scoring (exact TreeSHAP costs about a hundred predictions per row); above it the results carry no
         * explanations and the summary says so. The holdout's table of mean contributions is always computed, on at
         * most as many holdout rows as a tenth of this allows.
         */
        @WithDefault("60")
        double budgetSeconds();
    }

    /** How this run's rows are compared with the latest earlier run's under the same artifacts prefix. */
    interface Drift {
        /**
         * Refuse to publish a run (exit 11, nothing written) when a column the model reads has a population stability
         * index above this against the latest earlier run; unset: drift is measured and reported, never refused.
         * 0.25 is the usual mark of a large shift, 0.1 of a moderate one.
         */
        Optional<Double> failAbove();
    }

    /** The prediction interval every scored row gets ({@code lower}, {@code upper}). */
    interface Interval {
        /**
         * The share of rows the interval is meant to hold, in (0, 1), by split conformal prediction on out-of-fold
         * residuals of the training rows; 0 writes no interval.
         */
        @WithDefault("0.9")
        double coverage();
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

    /** How {@code fitscore score} treats inputs that do not match the saved feature pipeline. */
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

        /** What separates the labels of a multi-valued column ({@code Drama|Comedy}). */
        @WithDefault("|")
        String multiValueSeparator();

        /** Categorical levels seen fewer times than this in training fold into "other". */
        @WithDefault("10")
        int minLevelCount();

        /** A text column with more distinct levels than this is taken for an id and left out (unless target-encoded). */
        @WithDefault("100")
        int maxLevels();

        /**
         * Numeric columns to log1p; "auto" also picks every non-negative column with skewness above 2 whose log1p is more
         * strongly correlated with the target than the column itself (training rows).
         */
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
         * auto (a CV on the training split picks among the auto-candidates), xgboost, random-forest, cart, ridge,
         * elastic-net, elastic-net-pairs or linear-sgd.
         */
        @WithDefault("auto")
        String type();

        /** Threads for training (XGBoost, forest trees) on the driver; 0 = every core. */
        @WithDefault("0")
        int threads();

        /** The random forest's trees (the forest's defaults are the best of a 5-fold CV on the course data). */
        @WithDefault("400")
        int trees();

        /** The forest's and CART's deepest split. */
        @WithDefault("10")
        int maxDepth();

        /** Share of features each forest split samples. */
        @WithDefault("0.4")
        float featureFraction();

        /** The forest's and CART's least weight in a leaf. */
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
         * passes, as many steps as {@code auto} compared it with (at most 20,000 rows, all epochs), which keeps a large
         * training set's fit to seconds at a holdout R2 within a thousandth of all epochs' (see docs/benchmarks.md).
         */
        @WithDefault("2000000")
        long maxSgdSteps();

        /** Seed of the forest's, SGD's and the boosters' randomness. */
        @WithDefault("42")
        long seed();

        Boosting boosting();

        /**
         * auto: the candidates compared, in order (xgboost, xgboost-fast, xgboost-deep, xgboost-forest, ridge, linear-sgd,
         * elastic-net, elastic-net-pairs, random-forest, blend). Left out by default: Tribuo's CART forest, which never won
         * on the measured data sets and costs 10-30x a boosting fit (xgboost-forest is the forest compared), and linear SGD,
         * which approximates the model ridge and the elastic net solve.
         */
        @WithDefault("xgboost,xgboost-fast,xgboost-deep,xgboost-forest,ridge,elastic-net,elastic-net-pairs,blend")
        List<String> autoCandidates();

        /** auto: folds of the CV on the training split that compares the candidates. */
        @WithDefault("3")
        int autoFolds();

        /**
         * auto: a training split of at most this many rows is compared by 5 x 5-fold CV (five seeded shuffles) instead of
         * one auto-folds split, so that on a few hundred rows the choice is not the noise of one split; 0 never repeats.
         */
        @WithDefault("500")
        int autoRepeatBelowRows();

        /**
         * auto: the {@code elastic-net} and {@code elastic-net-pairs} candidates are compared only when the training split has
         * at most this many rows. By default above the training sample's size: their penalty path costs two passes over the
         * rows and solves on p x p sums, whatever the rows.
         */
        @WithDefault("1000000")
        int elasticNetMaxRows();

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

    /** XGBoost (histogram tree method) settings; the defaults are the best of a repeated CV (docs/jobs/run.md, "Trainers"). */
    interface Boosting {
        /** Boosting rounds (trees). */
        @WithDefault("600")
        int rounds();

        /** Each tree's deepest split. */
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

        /** Least hessian weight in a leaf (XGBoost's min_child_weight). */
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
        /** Share of the rows held out (seeded) to measure the model on, in (0, 1). */
        @WithDefault("0.25")
        double testFraction();

        /** Seed of the holdout split. */
        @WithDefault("42")
        long seed();

        /**
         * Below this many labelled rows, the model that is stored and scores the rows is trained again on all of them
         * (training and holdout rows) once the holdout has measured it: on a small table a quarter more rows is a better
         * model, and the holdout figures stay those of the same trainer on fewer rows. From this many rows up, the
         * measured model is stored as it is: a fit on a quarter more rows changes little there and costs a whole
         * training. 0: always store the measured model.
         */
        @WithDefault("100000")
        int refitBelowRows();
    }
}
