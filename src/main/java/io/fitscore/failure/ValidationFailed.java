package io.fitscore.failure;

import java.util.List;
import java.util.stream.Collectors;


/**
 * Everything validation found, one line per problem, each with its own code. The exit code is the most fundamental
 * problem's, whatever the inputs' order: configuration (3) before credentials (4), a missing input (5), unusable
 * data (6) and an unwritable output (7), so that a retry policy keys on what must be fixed first.
 */
public class ValidationFailed extends FitscoreException {

    private final List<Problem> problems;

    public ValidationFailed(List<Problem> problems) {
        super(problems.stream().map(Problem::exitCode).min(java.util.Comparator.comparingInt(ExitCode::code)).orElseThrow(), problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Throws when there is anything to report. */
    public static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationFailed(problems);
        }
    }
}
