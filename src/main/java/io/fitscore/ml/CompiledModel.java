package io.fitscore.ml;

import java.io.Serializable;
import java.util.List;

import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.scoring.AveragedModels;
import io.fitscore.ml.scoring.BatchPredictor;
import io.fitscore.ml.scoring.FlatTrees;
import io.fitscore.ml.scoring.TribuoExamples;
import io.fitscore.ml.scoring.XGBoostBatch;
import io.fitscore.ml.scoring.XGBoostTrees;

/**
 * A trained model and its feature pipeline compiled once for one table layout: rows are encoded by
 * precomputed index into a primitive batch and predicted a batch at a time, in the target's own units.
 * The driver (evaluation) and the Spark executors (scoring every row) use this same object, so a row gets
 * the same prediction wherever it is scored.
 */
public final class CompiledModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows per predict call: large enough to amortise a native call, small enough to stay in cache. */
    public static final int BATCH_ROWS = 4096;

    private final FeatureVectors vectors;
    private final BatchPredictor predictor;
    private final FeaturePipeline.TargetScale scale;

    private CompiledModel(FeatureVectors vectors, BatchPredictor predictor, FeaturePipeline.TargetScale scale) {
        this.vectors = vectors;
        this.predictor = predictor;
        this.scale = scale;
    }

    /**
     * Compiles a model for rows laid out as {@code columns}; fails with
     * {@link FeaturePipeline.MissingColumnException} if a column the pipeline needs is absent.
     */
    public static CompiledModel of(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns) {
        return of(model, pipeline, columns, false);
    }

    /**
     * As {@link #of}, for scoring many rows (every Spark task): XGBoost's trees are walked in Java, which
     * outruns the native batch once warm (bench/scoring/run.sh) but costs a JSON read of the booster and
     * JIT warm-up, more than the few hundred rows of a CV fold on the driver are worth. Both give the same
     * predictions to the bit ({@code CompiledModelTest}).
     */
    public static CompiledModel forBulkScoring(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns) {
        return of(model, pipeline, columns, true);
    }

    /**
     * Below this many rows to score, XGBoost scores natively: reading the booster's JSON for the Java walk costs
     * about as long as scoring 25,000 rows, more than a small run's whole scoring.
     */
    static final long BULK_MIN_ROWS = 50_000;

    /** {@link #forBulkScoring} for {@code rows} of at least {@link #BULK_MIN_ROWS}, else {@link #of}: the same predictions. */
    public static CompiledModel forScoring(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns, long rows) {
        return of(model, pipeline, columns, rows >= BULK_MIN_ROWS);
    }

    private static CompiledModel of(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns, boolean bulk) {
        BatchPredictor predictor = compiled(model, bulk);
        if (predictor == null) {
            predictor = new TribuoExamples(model);
        }
        FeatureVectors vectors = FeatureVectors.inModelSpace(pipeline, columns, model.getFeatureIDMap()::getID,
                model.getFeatureIDMap().size());
        return new CompiledModel(vectors, predictor, pipeline.targetScale());
    }

    /** The fastest batch form of a model: XGBoost (in Java or natively), flat trees, or an average of those; else null. */
    private static BatchPredictor compiled(Model<Regressor> model, boolean bulk) {
        BatchPredictor predictor = bulk ? XGBoostTrees.of(model) : null;
        if (predictor == null) {
            predictor = XGBoostBatch.of(model);
        }
        if (predictor == null) {
            predictor = FlatTrees.of(model);
        }
        if (predictor == null) {
            predictor = AveragedModels.of(model, member -> compiled(member, bulk));
        }
        return predictor;
    }

    /** How predictions are computed: flat trees, an average of models, XGBoost's trees in Java, batched native XGBoost, or Tribuo examples. */
    public String predictorKind() {
        return predictor.getClass().getSimpleName();
    }

    /** A scorer for one thread; {@code threads} bounds the native threads of one predict call. */
    public Scorer open(int threads) {
        return new Scorer(predictor.open(threads));
    }

    /** Predictions for rows on the driver, using all cores for native models. */
    public double[] predict(List<List<Object>> rows) {
        try (Scorer scorer = open(Runtime.getRuntime().availableProcessors())) {
            double[] out = new double[rows.size()];
            for (int start = 0; start < rows.size(); start += BATCH_ROWS) {
                List<List<Object>> batch = rows.subList(start, Math.min(rows.size(), start + BATCH_ROWS));
                double[] predicted = scorer.predict(batch);
                System.arraycopy(predicted, 0, out, start, batch.size());
            }
            return out;
        }
    }

    /** Scores batches of rows; holds one reusable feature buffer. Not thread-safe. */
    public final class Scorer implements AutoCloseable {
        private final BatchPredictor.Session session;
        private double[] features = new double[0];
        private double[] out = new double[0];
        private boolean closed;

        private Scorer(BatchPredictor.Session session) {
            this.session = session;
        }

        /**
         * Predictions for a batch of at most {@link #BATCH_ROWS} rows, in the target's units; the returned
         * array is reused by the next call and may be longer than the batch.
         */
        public double[] predict(List<List<Object>> rows) {
            int n = rows.size();
            int width = vectors.width();
            if (out.length < n) {
                out = new double[n];
            }
            features = vectors.encodeBatch(rows, features, predictor.absent());
            if (n > 0) {
                session.predict(features, n, width, out);
            }
            for (int r = 0; r < n; r++) {
                out[r] = scale.unscale(out[r]);
            }
            return out;
        }

        /** Releases the session's native resources; safe to call more than once. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                session.close();
            }
        }
    }
}
