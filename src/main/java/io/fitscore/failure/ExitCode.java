package io.fitscore.failure;

/**
 * The process exit codes fitscore documents; stable, so AWS Batch retry strategies can key on them.
 */
public enum ExitCode {
    OK(0, "success"),
    UNEXPECTED(1, "unexpected internal error"),
    USAGE(2, "bad command line"),
    CONFIG(3, "invalid configuration"),
    CREDENTIALS(4, "credentials missing or refused, or access denied"),
    INPUT_MISSING(5, "an input does not exist or cannot be read"),
    INPUT_INVALID(6, "an input is readable but its data is unusable"),
    OUTPUT_FAILED(7, "results or artifacts could not be written"),
    INTERRUPTED(8, "the run was interrupted"),
    CONCURRENT_RUN(9, "another run holds the lease on the same destination"),
    RESOURCES(10, "the machine ran out of local disk or memory"),
    DRIFT(11, "the inputs drifted past fitscore.drift.fail-above"),
    /**
     * Between the launcher and fitscore only, never a user's: the launcher started the JVM for small inputs
     * (C1 only) and the inputs are not small, so it runs the same command again with both compilers.
     */
    RESTART_FULL_JIT(75, "restart with the optimising compiler");

    /**
     * The exit codes as the commands' help lists them, one a line (picocli's %n; under 80 columns, which picocli
     * would wrap), every code but the launcher's 75.
     * An annotation needs a constant, so this repeats the meanings above; ExitCodeHelpTest holds the two together.
     */
    public static final String HELP = "%nExit codes:%n"
            + "  0  success%n"
            + "  1  unexpected internal error%n"
            + "  2  bad command line%n"
            + "  3  invalid configuration%n"
            + "  4  credentials missing or refused, or access denied%n"
            + "  5  an input does not exist or cannot be read%n"
            + "  6  an input is readable but its data is unusable%n"
            + "  7  results or artifacts could not be written%n"
            + "  8  the run was interrupted%n"
            + "  9  another run holds the lease on the same destination%n"
            + "  10 the machine ran out of local disk or memory%n"
            + "  11 the inputs drifted past fitscore.drift.fail-above%n"
            + "With several problems at once each line names its own code, and the exit code%n"
            + "is the most fundamental one: configuration, credentials, a missing input,%n"
            + "unusable data, the output.";

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
