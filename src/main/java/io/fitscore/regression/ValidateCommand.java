package io.fitscore.regression;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.failure.ExitCode;
import io.fitscore.config.RunSettings;
import io.fitscore.lifecycle.Failures;
import io.fitscore.lifecycle.InputOptions;
import io.fitscore.lifecycle.JobLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fitscore validate}: checks configuration, inputs and output without running the job. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks the configuration, that every input is readable CSV with the join key and a numeric target, "
                + "and that the output can be written; prints every problem found. Runs no Spark job.")
public class ValidateCommand implements Callable<Integer> {

    @Mixin
    InputOptions io = new InputOptions();

    @Option(names = "--target", description = "Column to predict (overrides FITSCORE_TARGET).")
    String target;

    @Option(names = "--artifacts", description = "Prefix for the artifacts (overrides FITSCORE_ARTIFACTS).")
    String artifacts;

    @Inject
    JobLifecycle runner;

    @Inject
    RegressionConfig regression;

    @Override
    public Integer call() {
        try {
            // The settings a run of these inputs would check, its own included.
            RunSettings run = runner.validateOnly(new RunSettings.Overrides(io.inputs, io.joinKey, target, io.output, artifacts, null),
                    (joinKey, problems) -> RegressionSettings.resolve(regression, null, problems));
            System.out.println("fitscore validate: OK: " + run.inputs().size() + " input(s) readable, join key and target present, "
                    + run.output() + " and " + run.runArtifacts() + " writable");
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
