package io.fitscore.failure;

/** A failure with a one-line, user-facing message and the exit code it maps to. */
public class FitscoreException extends RuntimeException {

    private final ExitCode exitCode;

    public FitscoreException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public FitscoreException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
