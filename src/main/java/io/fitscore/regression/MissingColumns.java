package io.fitscore.regression;

import java.util.Locale;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** What {@code fitscore score} does when a feature column of the model is absent: stop, or score it as missing. */
public enum MissingColumns {
    ERROR, MISSING;

    static MissingColumns parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "missing" -> MISSING;
            default -> throw new FitscoreException(ExitCode.CONFIG,
                    "fitscore.score.missing-columns must be error or missing, got '" + value + "'");
        };
    }

    /** The name as written in the configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
