package io.fitscore.reduce;

import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.config.RunSettings;
import io.fitscore.lifecycle.JobLifecycle;
import io.fitscore.report.RunArtifacts;
import io.fitscore.failure.ExitCode;
import io.fitscore.lifecycle.Failures;
import io.fitscore.lifecycle.InputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fitscore reduce}: the inputs' numeric columns reduced to their principal components. */
@Command(name = "reduce", mixinStandardHelpOptions = true,
        description = "Reads the CSV inputs (or, with fitscore.reduce.source=images, folders of images resized to pixel features), "
                + "fills missing values with column means, centres (and scales) the features, fits PCA in Spark and writes "
                + "id (or path and label) + pc_1..pc_k per row, with the model and explained variance as artifacts.",
        footer = {"", "Exit codes as for run: 3 invalid configuration, 5 input missing, 6 invalid input data "
                + "(no numeric column, too few rows, k above the number of columns, an undecodable image, a folder with no image), "
                + "5 also for an empty image folder, 7 output failed, 8 interrupted."})
public class ReduceCommand implements Callable<Integer> {

    @Mixin
    InputOptions io = new InputOptions();

    @Option(names = "--artifacts", description = "Prefix for metrics.json, the model and the components (overrides FITSCORE_ARTIFACTS).")
    String artifacts;

    @Option(names = "--run-date", description = "The run's date, yyyy-MM-dd; names its artifacts folder (default today UTC).")
    String runDate;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    ReduceConfig config;

    @Inject
    RunArtifacts runArtifacts;

    @Override
    public Integer call() {
        try {
            ReduceJob.ReduceReport r = lifecycle.execute(new RunSettings.Overrides(io.inputs, io.joinKey, null, io.output, artifacts, runDate), new ReduceJob(config, runArtifacts));
            double total = r.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(Locale.ROOT, "fitscore reduce complete%n  rows       %d, %d feature(s) -> %d component(s) keeping %.1f%% of the variance%n"
                    + "  results    %s%n  artifacts  %s%n  seconds    %.1f total: %s%n", r.rows(), r.features(), r.components(),
                    100 * r.varianceKept(), r.output(), r.artifacts(), total, r.seconds());
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
