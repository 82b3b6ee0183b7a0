package io.fitscore.ml;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** Splits the rows into a seeded holdout, trains a Tribuo model and evaluates it; predicts rows on the driver. */
public final class ModelTrainer {

    /** Fewer labelled rows than this cannot give a meaningful model and holdout. */
    public static final int MIN_LABELLED_ROWS = 10;

    /** Builds a fresh trainer once the fitted pipeline is known. */
    @FunctionalInterface
    public interface TrainerSource {
        Trainer<Regressor> forPipeline(FeaturePipeline pipeline);
    }

    /** A pipeline and the model trained through it. */
    public record Fitted(FeaturePipeline pipeline, Model<Regressor> model) {
    }

    /**
     * Everything the run learnt: the model, how it was evaluated, which rows it trained and was tested on, and the
     * holdout's targets and predictions that the evaluation scored (for the report and the interval's holdout coverage).
     */
    public record Outcome(Model<Regressor> model, FeaturePipeline pipeline, RegressionScores evaluation,
            RegressionScores baseline, List<List<Object>> trainSet, List<List<Object>> testSet, int unlabelledRows,
            int featureCount, Holdout holdout) {

        public int trainRows() {
            return trainSet.size();
        }

        public int testRows() {
            return testSet.size();
        }

        /** The measured model with its pipeline. */
        public Fitted fitted() {
            return new Fitted(pipeline, model);
        }

        /** The train/test split as fingerprints of whole rows, for scoring the rows elsewhere. */
        public RowSplit split() {
            return RowSplit.of(trainSet, testSet);
        }

        /**
         * The split as fingerprints of the rows' values in the given columns only, for scoring rows projected
         * to those columns (in the table's order).
         */
        public RowSplit split(Table table, List<String> columns) {
            int[] positions = columns.stream().mapToInt(table::indexOf).toArray();
            return RowSplit.of(project(trainSet, positions), project(testSet, positions));
        }

        private static List<List<Object>> project(List<List<Object>> rows, int[] positions) {
            List<List<Object>> out = new ArrayList<>(rows.size());
            for (List<Object> row : rows) {
                Object[] values = new Object[positions.length];
                for (int i = 0; i < positions.length; i++) {
                    values[i] = row.get(positions[i]);
                }
                out.add(Arrays.asList(values));
            }
            return out;
        }
    }

    private ModelTrainer() {
    }

    /** The labelled rows split into training rows and a seeded holdout, and how many rows had no target. */
    public record Split(List<List<Object>> train, List<List<Object>> test, int unlabelled) {

        /** Every labelled row: the training rows, then the holdout. */
        public List<List<Object>> labelled() {
            List<List<Object>> all = new ArrayList<>(train.size() + test.size());
            all.addAll(train);
            all.addAll(test);
            return all;
        }
    }

    /** Holds out a seeded test fraction of the labelled rows; fails with INPUT_INVALID when too few are labelled. */
    public static Split split(Table table, String target, double testFraction, long seed) {
        List<List<Object>> labelled = labelled(table, target);
        List<List<Object>> shuffled = shuffled(labelled, seed);
        int testCount = (int) Math.round(labelled.size() * testFraction);
        return new Split(List.copyOf(shuffled.subList(testCount, shuffled.size())), List.copyOf(shuffled.subList(0, testCount)),
                table.size() - labelled.size());
    }

    /**
     * Holds out a seeded test fraction of the labelled rows, trains on the rest and evaluates. Scoring
     * is a separate step ({@link #predict} on the driver, or inside Spark for all rows).
     */
    public static Outcome trainAndEvaluate(Table table, FeatureSpec spec, TrainerSource trainers,
            double testFraction, long seed, String dataDescription) {
        return trainAndEvaluate(table, split(table, spec.target(), testFraction, seed), spec, trainers, seed, dataDescription);
    }

    /** Trains on the split's training rows and evaluates on its holdout. */
    public static Outcome trainAndEvaluate(Table table, Split split, FeatureSpec spec, TrainerSource trainers, long seed,
            String dataDescription) {
        int targetIndex = table.indexOf(spec.target());
        List<List<Object>> train = split.train();
        List<List<Object>> test = split.test();
        Fitted fitted = fit(table, train, spec, trainers, seed, dataDescription);
        Holdout holdout = test.isEmpty() ? new Holdout(new double[0], new double[0]) : predicted(fitted, table, test);
        RegressionScores evaluation = test.isEmpty() ? null : RegressionScores.of(holdout.actual(), holdout.predicted());
        RegressionScores baseline = test.isEmpty() ? null : baseline(train, test, targetIndex);
        return new Outcome(fitted.model(), fitted.pipeline(), evaluation, baseline, train, test, split.unlabelled(),
                fitted.model().getFeatureIDMap().size(), holdout);
    }

    /** The model a run stores and scores with, and the rows it was trained on. */
    public record Served(Fitted fitted, List<List<Object>> trainedOn) {

        /** The measured model itself, trained on the training rows. */
        public static Served measured(Outcome outcome) {
            return new Served(outcome.fitted(), outcome.trainSet());
        }
    }

    /**
     * Whether the model to store is trained again on all labelled rows: when fewer than {@code refitBelowRows} are labelled,
     * the holdout has done its work and on a small table its rows are worth learning from.
     */
    public static boolean refits(Split split, int refitBelowRows) {
        return !split.test().isEmpty() && split.train().size() + split.test().size() < refitBelowRows;
    }

    /** The same trainer fitted again, pipeline included, on every labelled row of the split. */
    public static Served refit(Table table, Split split, FeatureSpec spec, TrainerSource trainers, long seed, String description) {
        List<List<Object>> labelled = split.labelled();
        return new Served(fit(table, labelled, spec, trainers, seed, description), labelled);
    }

    /** Rows whose target is a finite number; fails with INPUT_INVALID when there are too few. */
    static List<List<Object>> labelled(Table table, String target) {
        int targetIndex = table.indexOf(target);
        List<List<Object>> labelled = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            if (targetOf(row, targetIndex) != null) {
                labelled.add(row);
            }
        }
        if (labelled.size() < MIN_LABELLED_ROWS) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "target '" + target + "': only " + labelled.size()
                    + " rows have a numeric value, at least " + MIN_LABELLED_ROWS + " are needed");
        }
        return labelled;
    }

    static List<List<Object>> shuffled(List<List<Object>> rows, long seed) {
        List<List<Object>> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** Fits the pipeline on the training rows and trains a fresh model through it. */
    public static Fitted fit(Table table, List<List<Object>> train, FeatureSpec spec, TrainerSource trainers, long seed,
            String description) {
        return fit(prepare(table, train, spec, seed, description), trainers);
    }

    /** A pipeline fitted on training rows and those rows encoded through it: what any trainer of the same features trains on. */
    public record Prepared(FeaturePipeline pipeline, MutableDataset<Regressor> rows) {
    }

    /** Fits the pipeline on the training rows and encodes them, for one or more trainings (Tribuo's trainers only read a dataset). */
    public static Prepared prepare(Table table, List<List<Object>> train, FeatureSpec spec, long seed, String description) {
        FeaturePipeline pipeline = FeaturePipeline.fit(table, train, spec);
        FeaturePipeline.RowEncoder encoder = pipeline.bindForTraining(table, train, spec, seed);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> trainSet = new MutableDataset<>(
                new SimpleDataSourceProvenance(description + " (training rows)", OffsetDateTime.now(), factory), factory);
        for (List<Object> row : train) {
            trainSet.add(encoder.encode(row));
        }
        return new Prepared(pipeline, trainSet);
    }

    /** Trains a fresh model on prepared rows. */
    public static Fitted fit(Prepared prepared, TrainerSource trainers) {
        FeaturePipeline pipeline = prepared.pipeline();
        try {
            return new Fitted(pipeline, trainers.forPipeline(pipeline).train(prepared.rows()));
        } catch (RuntimeException | LinkageError e) {
            if (nativeLibraryMissing(e)) {
                throw new FitscoreException(ExitCode.UNEXPECTED, "XGBoost's native library could not be loaded: it needs OpenMP's "
                        + "runtime libgomp.so.1 (Debian/Ubuntu package libgomp1); or choose fitscore.trainer.type=random-forest", e);
            }
            throw e;
        }
    }

    /**
     * XGBoost's native library failed to load: a linkage error raised inside xgboost4j, or any error naming
     * libgomp. Other linkage errors and XGBoost's own errors (bad input) are not this and keep their line.
     */
    private static boolean nativeLibraryMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            boolean inXGBoost = Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("ml.dmlc.xgboost4j."));
            if ((t instanceof LinkageError && inXGBoost) || String.valueOf(t.getMessage()).contains("libgomp")) {
                return true;
            }
        }
        return false;
    }

    /** RMSE, MAE and R2 on held-out rows, predicted in batches the way every row is scored. */
    static RegressionScores evaluate(Fitted fitted, Table table, List<List<Object>> rows, String description) {
        Holdout scored = predicted(fitted, table, rows);
        return RegressionScores.of(scored.actual(), scored.predicted());
    }

    /** Labelled rows' targets and their predictions, in batches the way every row is scored. */
    private static Holdout predicted(Fitted fitted, Table table, List<List<Object>> rows) {
        int targetIndex = table.indexOf(fitted.pipeline().target());
        double[] actual = rows.stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray();
        return new Holdout(actual, CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(rows));
    }

    /** The mean-of-training-target predictor, the floor any model must beat. */
    static RegressionScores baseline(List<List<Object>> train, List<List<Object>> test, int targetIndex) {
        double mean = train.stream().mapToDouble(r -> (Double) r.get(targetIndex)).average().orElse(0);
        double[] actual = test.stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray();
        double[] constant = new double[actual.length];
        Arrays.fill(constant, mean);
        return RegressionScores.of(actual, constant);
    }

    /** The holdout's known targets and the model's predictions for them, row by row. */
    public record Holdout(double[] actual, double[] predicted) {
    }

    /**
     * Each feature's standard deviation over the rows, encoded in one reused array (an absent feature counts as 0, as a
     * linear model reads it; target-mean columns with the full training means): what a linear model's coefficients
     * are read against.
     */
    public static Map<String, Double> featureDeviations(FeaturePipeline pipeline, Table table, List<List<Object>> rows) {
        FeatureVectors vectors = FeatureVectors.inPipelineSpace(pipeline, table.columns(), Map.of());
        int width = vectors.width();
        double[] values = new double[width];
        double[] sum = new double[width];
        double[] squares = new double[width];
        for (List<Object> row : rows) {
            vectors.encode(row, values, 0, 0.0);
            for (int j = 0; j < width; j++) {
                sum[j] += values[j];
                squares[j] += values[j] * values[j];
            }
        }
        List<String> names = pipeline.featureNames();
        Map<String, Double> deviation = new HashMap<>();
        for (int j = 0; j < width; j++) {
            double mean = sum[j] / rows.size();
            deviation.putIfAbsent(names.get(j), Math.sqrt(Math.max(0, squares[j] / rows.size() - mean * mean)));
        }
        return deviation;
    }

    /** Predictions for the given rows through the fitted pipeline, in row order. */
    public static List<Double> predict(Fitted fitted, Table table, List<List<Object>> rows) {
        double[] predicted = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(rows);
        List<Double> out = new ArrayList<>(predicted.length);
        for (double p : predicted) {
            out.add(p);
        }
        return out;
    }

    private static Double targetOf(List<Object> row, int targetIndex) {
        return targetIndex >= 0 && row.get(targetIndex) instanceof Double d && Double.isFinite(d) ? d : null;
    }
}
