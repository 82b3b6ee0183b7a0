package io.fitscore.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;
import io.fitscore.failure.ValidationFailed;

/** The checked settings of one {@code fitscore reduce}. */
public record ReduceSettings(OptionalInt components, double varianceShare, Optional<List<String>> columns,
        Optional<String> idColumn, boolean standardise, Format format) {

    /** How the reduced matrix is written. */
    public enum Format {
        JSON, CSV
    }

    /** Resolves and checks the reduce settings; all problems are reported together (exit 3). */
    public static ReduceSettings resolve(FitscoreConfig config, Optional<String> joinKey) {
        FitscoreConfig.Reduce r = config.reduce();
        List<Problem> problems = new ArrayList<>();
        if (r.components().isPresent() && r.components().getAsInt() < 1) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.components must be at least 1, got " + r.components().getAsInt()));
        }
        if (!(r.varianceShare() > 0 && r.varianceShare() <= 1)) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.variance-share must be in (0, 1], got " + r.varianceShare()));
        }
        Format format = null;
        try {
            format = Format.valueOf(r.format().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.format must be json or csv, got '" + r.format() + "'"));
        }
        Optional<String> id = r.idColumn().map(String::strip).filter(s -> !s.isEmpty()).or(() -> joinKey);
        Optional<List<String>> columns = r.columns().map(list -> list.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (id.isPresent() && columns.isPresent() && columns.get().contains(id.get())) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.columns lists the id column '" + id.get() + "'"));
        }
        ValidationFailed.throwIfAny(problems);
        return new ReduceSettings(r.components(), r.varianceShare(), columns, id, r.standardise(), format);
    }
}
