package io.fitscore;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.failure.ExitCode;
import io.fitscore.history.RunsCommand;
import io.fitscore.recommend.RecommendCommand;
import io.fitscore.reduce.ReduceCommand;
import io.fitscore.regression.RunCommand;
import io.fitscore.regression.ScoreCommand;
import io.fitscore.regression.ValidateCommand;
import io.fitscore.sample.SampleCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The fitscore command line; without a subcommand it does {@code run}. */
@TopCommand
@Command(name = "fitscore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "CSV on S3 -> Spark join -> Tribuo regression -> scores and artifacts on S3.", footer = ExitCode.HELP,
        subcommands = {RunCommand.class, ScoreCommand.class, ReduceCommand.class, RecommendCommand.class, RunsCommand.class, ValidateCommand.class, SampleCommand.class})
public class FitscoreCommand implements Callable<Integer> {

    @Inject
    RunCommand run;

    @Override
    public Integer call() {
        return run.call();
    }
}
