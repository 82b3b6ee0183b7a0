// Scoring throughput of the compiled model (the path every row takes inside Spark: encode into a primitive
// batch, predict 4096 rows per call) against Tribuo's own per-row predict, on generated known-function data;
// with "explain", scoring against scoring and explaining each row.
// Run by bench/scoring/run.sh (Java's single-file launcher on the packaged app's classpath).
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import io.fitscore.ml.BoostingSettings;
import io.fitscore.ml.CompiledModel;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.FeatureVectors;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.RowExplainer;
import io.fitscore.ml.forest.ParallelForestTrainer;
import io.fitscore.ml.linear.ElasticNetTrainer;
import io.fitscore.ml.scoring.BatchPredictor;
import io.fitscore.ml.scoring.XGBoostBatch;
import io.fitscore.ml.scoring.XGBoostTrees;
import io.fitscore.sample.FunctionSample;

public class ScoringBench {

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        int threads = Runtime.getRuntime().availableProcessors();
        Table table = parse(FunctionSample.generate(rows, 5));
        FeatureSpec spec = new FeatureSpec("y", Optional.of("id"), Set.of(), Set.of(), "|", 5, Set.of(), false, Set.of(), 10, Integer.MAX_VALUE, false);
        List<List<Object>> train = table.rows().subList(0, 20_000);
        if (args.length > 1 && args[1].equals("explain")) {
            explain(table, train, spec, threads);
            return;
        }
        boolean forest = args.length < 2 || !args[1].equals("xgboost");
        // fitscore's default boosting (fitscore.trainer.boosting.* defaults) and a 100-tree forest.
        report("xgboost (default settings)", table, train, spec,
                TrainerFactory.xgboost(new BoostingSettings(600, 5, 0.01, 0.6, 0.4, 5, 0, 1, 0), threads, 42), threads);
        if (!forest) {
            return;
        }
        // Tribuo's CART is slow to train: the forest learns from 5,000 rows; scoring speed does not depend on it.
        report("random-forest (100 trees, depth 10)", table, train.subList(0, 5_000), spec, new ParallelForestTrainer(seed -> new CARTRegressionTrainer(
                10, 2f, 0f, 0.4f, false, new MeanSquaredError(), seed), 100, 42L, threads), threads);
    }

    /**
     * Scoring against scoring and explaining (contributions by input column, the top 3 picked), side by side, best of 3
     * interleaved, for the default boosting, a smaller one and the elastic net.
     */
    static void explain(Table table, List<List<Object>> train, FeatureSpec spec, int threads) throws Exception {
        System.out.printf("%,d rows, %d threads%n", table.size(), threads);
        explainReport("xgboost (default settings)", table, train, spec,
                TrainerFactory.xgboost(new BoostingSettings(600, 5, 0.01, 0.6, 0.4, 5, 0, 1, 0), threads, 42), threads);
        explainReport("xgboost (200 rounds, depth 4, eta 0.1)", table, train, spec,
                TrainerFactory.xgboost(new BoostingSettings(200, 4, 0.1, 0.8, 0.8, 5, 0, 1, 0), threads, 42), threads);
        explainReport("elastic-net", table, train, spec, new ElasticNetTrainer(0.5, 5, 50, 1e-3, 42), threads);
    }

    static void explainReport(String name, Table table, List<List<Object>> train, FeatureSpec spec, Trainer<Regressor> trainer, int threads)
            throws Exception {
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, train, spec, p -> trainer, 42L, "bench");
        Map<String, Double> means = RowExplainer.featureMeans(fitted.model(), fitted.pipeline(), table.columns(), train);
        CompiledModel compiled = CompiledModel.forBulkScoring(fitted.model(), fitted.pipeline(), table.columns());
        RowExplainer explainer = RowExplainer.of(fitted.model(), fitted.pipeline(), table.columns(), means);
        List<List<Object>> rows = table.rows();
        // Interleaved, best of three each.
        double plain = 0;
        double explained = 0;
        for (int rep = 0; rep < 3; rep++) {
            plain = Math.max(plain, explainedRowsPerSecond(compiled, null, rows, threads));
            explained = Math.max(explained, explainedRowsPerSecond(compiled, explainer, rows, threads));
        }
        System.out.printf(java.util.Locale.ROOT, "%-40s score %,12.0f rows/s  score+explain %,10.0f rows/s  ratio %6.1fx  (estimated %.1f us/row/core, measured %.1f)%n",
                name, plain, explained, plain / explained, explainer.estimatedSeconds(1) * 1e6, threads / explained * 1e6);
    }

    /** As {@link #batchRowsPerSecond}, each batch also explained when {@code explainer} is given. */
    static double explainedRowsPerSecond(CompiledModel compiled, RowExplainer explainer, List<List<Object>> rows, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<Double>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * rows.size() / threads, to = (t + 1) * rows.size() / threads;
            futures.add(pool.submit(() -> {
                double sum = 0;
                int[] top = new int[3];
                RowExplainer.Session explaining = explainer == null ? null : explainer.open();
                try (CompiledModel.Scorer scorer = compiled.open(1)) {
                    for (int start = from; start < to; start += CompiledModel.BATCH_ROWS) {
                        List<List<Object>> batch = rows.subList(start, Math.min(to, start + CompiledModel.BATCH_ROWS));
                        double[] p = scorer.predict(batch);
                        sum += p[0];
                        if (explaining != null) {
                            explaining.explain(batch);
                            for (int r = 0; r < batch.size(); r++) {
                                explaining.top(r, 3, top);
                                sum += explaining.contribution(r, top[0]);
                            }
                        }
                    }
                }
                return sum;
            }));
        }
        for (Future<Double> f : futures) {
            f.get();
        }
        pool.shutdown();
        return rows.size() / ((System.nanoTime() - t0) / 1e9);
    }

    static void report(String name, Table table, List<List<Object>> train, FeatureSpec spec, Trainer<Regressor> trainer, int threads)
            throws Exception {
        ModelTrainer.Fitted fitted = fit(table, train, spec, trainer);
        CompiledModel compiled = CompiledModel.forBulkScoring(fitted.model(), fitted.pipeline(), table.columns());
        List<List<Object>> rows = table.rows();
        phases(fitted, table);
        double best = 0;
        for (int rep = 0; rep < 3; rep++) {
            best = Math.max(best, batchRowsPerSecond(compiled, rows, threads));
        }
        // Tribuo's own path as the code had it: one example and one predict call per row, on as many threads.
        int sample = Math.min(rows.size(), 20_000);
        FeaturePipeline.RowEncoder encoder = fitted.pipeline().bind(table);
        Model<Regressor> model = fitted.model();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * sample / threads, to = (t + 1) * sample / threads;
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    model.predict(encoder.encode(rows.get(i)));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double perRow = sample / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(java.util.Locale.ROOT, "%-38s %s: batch %,.0f rows/s on %d threads; Tribuo per-row %,.0f rows/s; ratio %.1fx%n",
                name, compiled.predictorKind(), best, threads, perRow, best / perRow);
    }

    /**
     * The two halves of the batch path on one thread: encoding rows into the primitive batch, and the
     * predictor on already encoded batches (for XGBoost: the Java tree walk and XGBoost's native batch).
     */
    static void phases(ModelTrainer.Fitted fitted, Table table) {
        List<List<Object>> rows = table.rows().subList(0, Math.min(table.size(), 200_000));
        Model<Regressor> model = fitted.model();
        FeatureVectors vectors = FeatureVectors.inModelSpace(fitted.pipeline(), table.columns(), model.getFeatureIDMap()::getID,
                model.getFeatureIDMap().size());
        int width = vectors.width();
        int batch = CompiledModel.BATCH_ROWS;
        double[] features = new double[rows.size() * width];
        double encode = 0;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rows.size(); r++) {
                vectors.encode(rows.get(r), features, r * width, Double.NaN);
            }
            encode = Math.max(encode, rows.size() / ((System.nanoTime() - t0) / 1e9));
        }
        System.out.printf(java.util.Locale.ROOT, "  encode rows into batches: %,.0f rows/s on 1 thread%n", encode);
        List<BatchPredictor> predictors = new ArrayList<>();
        BatchPredictor javaTrees = XGBoostTrees.of(model);
        BatchPredictor nativeBatch = XGBoostBatch.of(model);
        if (javaTrees != null) {
            predictors.add(javaTrees);
        }
        if (nativeBatch != null) {
            predictors.add(nativeBatch);
        }
        for (BatchPredictor predictor : predictors) {
            double best = 0;
            double[] out = new double[batch];
            double[] chunk = new double[batch * width];
            try (BatchPredictor.Session session = predictor.open(1)) {
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    for (int start = 0; start < rows.size(); start += batch) {
                        int n = Math.min(batch, rows.size() - start);
                        System.arraycopy(features, start * width, chunk, 0, n * width);
                        session.predict(chunk, n, width, out);
                    }
                    best = Math.max(best, rows.size() / ((System.nanoTime() - t0) / 1e9));
                }
            }
            System.out.printf(java.util.Locale.ROOT, "  predict encoded batches (%s): %,.0f rows/s on 1 thread%n",
                    predictor.getClass().getSimpleName(), best);
        }
    }

    /** One scorer per thread, one native thread each: what Spark's tasks do. */
    static double batchRowsPerSecond(CompiledModel compiled, List<List<Object>> rows, int threads) throws Exception {
        return explainedRowsPerSecond(compiled, null, rows, threads);
    }

    static ModelTrainer.Fitted fit(Table table, List<List<Object>> train, FeatureSpec spec, Trainer<Regressor> trainer) {
        return ModelTrainer.fit(table, train, spec, p -> trainer, 42L, "bench");
    }

    static Table parse(String csv) {
        String[] lines = csv.split("\n");
        List<String> header = Arrays.asList(lines[0].split(","));
        List<Table.Column> columns = new ArrayList<>();
        for (String n : header) {
            columns.add(new Table.Column(n, !n.equals("id") && !n.equals("region")));
        }
        List<List<Object>> data = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            Object[] row = new Object[f.length];
            for (int c = 0; c < f.length; c++) {
                row[c] = columns.get(c).numeric() ? (Object) Double.parseDouble(f[c]) : f[c];
            }
            data.add(Arrays.asList(row));
        }
        return new Table(columns, data);
    }
}
