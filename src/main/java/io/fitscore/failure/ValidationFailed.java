package io.fitscore.failure;

import java.util.List;
import java.util.stream.Collectors;


/** Everything validation found; exits with the first problem's code and prints one line per problem. */
public class ValidationFailed extends FitscoreException {

    private final List<Problem> problems;

    public ValidationFailed(List<Problem> problems) {
        super(problems.get(0).exitCode(), problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
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
