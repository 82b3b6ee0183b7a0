package io.fitscore.failure;

/**
 * The run stops before it has taken a lease or written anything, so that the launcher can start it again in a JVM
 * with the optimising compiler: this one was started for small inputs (C1 only) and the inputs are not small.
 */
public final class RestartWithFullJit extends FitscoreException {

    public RestartWithFullJit(String message) {
        super(ExitCode.RESTART_FULL_JIT, message);
    }
}
