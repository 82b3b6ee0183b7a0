package io.fitscore.recommend;

import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.config.RunSettings;
import io.fitscore.lifecycle.JobLifecycle;
import io.fitscore.report.RunArtifacts;
import io.fitscore.failure.ExitCode;
import io.fitscore.lifecycle.Failures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fitscore recommend}: the top items per customer from order logs, with Spark ML's ALS. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Reads order logs (CSV files, folders or * patterns, stacked), sums quantities (or averages ratings) per "
                + "customer and item, measures ALS against recommending the most bought items on a seeded holdout, refits on "
                + "every pair and writes user + recommendations [{item, score}] per customer, with the model as an artifact.",
        footer = {"", "Exit codes as for run: 3 invalid configuration, 5 input missing, 6 invalid input data (a missing "
                + "column, no numeric rating, ids outside 0..2^31-1, fewer than 2 customers or items), 7 output failed, 8 interrupted."})
public class RecommendCommand implements Callable<Integer> {

    @Option(names = "--inputs", description = "Comma-separated logs: files, folders (s3://b/logs/) or patterns (s3://b/logs/2026-11-*.csv).")
    String inputs;

    @Option(names = "--output", description = "Prefix for the recommendations (overrides FITSCORE_OUTPUT).")
    String output;

    @Option(names = "--artifacts", description = "Prefix for metrics.json and the model (overrides FITSCORE_ARTIFACTS).")
    String artifacts;

    @Option(names = "--run-date", description = "The run's date, yyyy-MM-dd; names its artifacts folder (default today UTC).")
    String runDate;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    RecommendConfig config;

    @Inject
    RunArtifacts runArtifacts;

    @Override
    public Integer call() {
        try {
            RecommendJob.RecommendReport r = lifecycle.execute(new RunSettings.Overrides(inputs, null, null, output, artifacts, runDate), new RecommendJob(config, runArtifacts));
            double total = r.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(Locale.ROOT, "fitscore recommend complete%n  pairs      %d from %d rows: %d customers, %d items%n"
                    + "  settings   %s%n"
                    + "  holdout    precision@k ALS %.4f vs popularity %.4f (x%.2f) vs co-occurrence %.4f%s%n  verdict    %s%n"
                    + "  results    %s (%d customers, by %s)%n  artifacts  %s%n  seconds    %.1f total: %s%n", r.pairs().pairs(), r.pairs().rows(),
                    r.pairs().users(), r.pairs().items(), (r.tuning().searched() ? "tuned: " : "configured: ") + r.tuning().chosen(),
                    r.holdout().als().precisionAtK(), r.holdout().popularity().precisionAtK(), r.precisionLiftOverPopularity(),
                    r.holdout().cooccurrence().precisionAtK(), r.holdout().rmse() == null ? "" : String.format(Locale.ROOT, ", RMSE %.4f",
                            r.holdout().rmse()), r.verdict(), r.output(), r.served().customers(), r.method(), r.artifacts(), total, r.seconds());
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
