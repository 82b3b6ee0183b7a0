package io.fitscore.regression;

import java.util.Locale;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.failure.ExitCode;
import io.fitscore.config.RunSettings;
import io.fitscore.lifecycle.Failures;
import io.fitscore.lifecycle.InputOptions;
import io.fitscore.lifecycle.JobLifecycle;
import io.fitscore.report.RunArtifacts;
import io.fitscore.storage.StorageUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fitscore score --model <artifacts>/<run-date>/}: scores the inputs with a saved model, no training. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Scores the configured inputs with a model saved by an earlier run (no training) and writes JSON lines.",
        footer = {"", "Exit codes as for run; a model folder that is missing or not written by fitscore gives 5 or 6."})
public class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The artifacts folder of a run: <artifacts>/<run-date>/.")
    String model;

    @Mixin
    InputOptions io = new InputOptions();

    @Inject
    JobLifecycle lifecycle;

    @Inject
    RegressionConfig regression;

    @Inject
    RunArtifacts artifacts;

    @Override
    public Integer call() {
        try {
            ScoreJob.ScoreReport r = lifecycle.execute(new RunSettings.Overrides(io.inputs, io.joinKey, null, io.output, null, null),
                    new ScoreJob(regression, artifacts, StorageUri.parse("--model", model).asPrefix()));
            double total = r.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf(Locale.ROOT, "fitscore score complete%n  model     %s%n  rows      joined %d, scored %d%n  results   %s%n"
                    + "  seconds   %.1f total: %s%n", r.model(), r.joined(), r.scored(), r.output(), total,
                    r.seconds());
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
