// Scoring with and without per-row explanations, side by side in one session: the work each Spark task does per
// batch (encode, predict; then contributions by input column and the top 3 picked), one scorer per core.
// Run by bench/explain/run.sh (Java's single-file launcher on the packaged app's classpath).
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.BoostingSettings;
import io.fitscore.ml.CompiledModel;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.RowExplainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.linear.ElasticNetTrainer;
import io.fitscore.sample.FunctionSample;

public class ExplainBench {

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        int threads = Runtime.getRuntime().availableProcessors();
        Table table = parse(FunctionSample.generate(rows, 5));
        FeatureSpec spec = new FeatureSpec("y", Optional.of("id"), Set.of(), Set.of(), "|", 5, Set.of(), false, Set.of(), 10, Integer.MAX_VALUE, false);
        List<List<Object>> train = table.rows().subList(0, 20_000);
        System.out.printf("%,d rows, %d threads%n", rows, threads);
        // fitscore's default boosting (fitscore.trainer.boosting.* defaults), auto's xgboost-fast shape, the elastic net.
        report("xgboost (default settings)", table, train, spec,
                TrainerFactory.xgboost(new BoostingSettings(600, 5, 0.01, 0.6, 0.4, 5, 0, 1, 0), threads, 42), threads);
        report("xgboost (200 rounds, depth 4, eta 0.1)", table, train, spec,
                TrainerFactory.xgboost(new BoostingSettings(200, 4, 0.1, 0.8, 0.8, 5, 0, 1, 0), threads, 42), threads);
        report("elastic-net", table, train, spec, new ElasticNetTrainer(0.5, 5, 50, 1e-3, 42), threads);
    }

    static void report(String name, Table table, List<List<Object>> train, FeatureSpec spec, Trainer<Regressor> trainer, int threads)
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
            plain = Math.max(plain, rowsPerSecond(compiled, null, rows, threads));
            explained = Math.max(explained, rowsPerSecond(compiled, explainer, rows, threads));
        }
        System.out.printf(java.util.Locale.ROOT, "%-40s score %,12.0f rows/s  score+explain %,10.0f rows/s  ratio %6.1fx  (estimated %.1f us/row/core, measured %.1f)%n",
                name, plain, explained, plain / explained, explainer.estimatedSeconds(1) * 1e6, threads / explained * 1e6);
    }

    static double rowsPerSecond(CompiledModel compiled, RowExplainer explainer, List<List<Object>> rows, int threads) throws Exception {
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
