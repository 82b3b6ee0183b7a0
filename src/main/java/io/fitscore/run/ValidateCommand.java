package io.fitscore.run;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.failure.ExitCode;
import io.fitscore.config.RunSettings;
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
    StagedRunner runner;

    @Override
    public Integer call() {
        try {
            RunSettings run = runner.validateOnly(new RunSettings.Overrides(io.inputs, io.joinKey, target, io.output, artifacts, null, null));
            System.out.println("fitscore validate: OK: " + run.inputs().size() + " input(s) readable, join key and target present, "
                    + run.output() + " and " + run.runArtifacts() + " writable");
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
