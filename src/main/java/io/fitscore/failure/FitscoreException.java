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

    /** The line a command prints for this failure on standard error. */
    public String errorLine() {
        return errorLine(getMessage(), exitCode);
    }

    /** "fitscore: error: MESSAGE [exit N: meaning]", the one form of every error line. */
    public static String errorLine(String message, ExitCode code) {
        return "fitscore: error: " + message + " [exit " + code.code() + ": " + code.meaning() + "]";
    }
}
