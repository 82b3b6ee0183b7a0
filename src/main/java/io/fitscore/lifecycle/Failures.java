package io.fitscore.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.LocalResources;
import io.fitscore.storage.StorageFailures;
import io.fitscore.failure.Problem;
import io.fitscore.failure.RestartWithFullJit;
import io.fitscore.failure.ValidationFailed;

/** Turns any failure of a command into its one error line and exit code. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static int report(Throwable t, PrintStream err) {
        FitscoreException failure = t instanceof FitscoreException fe ? fe
                : LocalResources.exhausted(t, Path.of(System.getProperty("java.io.tmpdir")), null, "the command", stage -> Optional.empty())
                        .orElseGet(() -> StorageFailures.classify("run", t, ExitCode.UNEXPECTED, "failed unexpectedly"));
        LOG.debug("Command failed", t);
        if (failure instanceof RestartWithFullJit) {
            LOG.info(failure.getMessage());
            return failure.exitCode().code(); // not an error: the launcher runs the command again
        }
        if (failure instanceof ValidationFailed all) {
            for (Problem p : all.problems()) {
                err.println(FitscoreException.errorLine(p.message(), p.exitCode()));
            }
        } else {
            err.println(failure.errorLine());
        }
        return failure.exitCode().code();
    }
}
