package io.fitscore.config;

import java.util.Locale;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** How {@code fitscore.output-layout} places results: straight under the output prefix, or in a run_date= folder. */
public enum OutputLayout {
    FLAT, DATED;

    static OutputLayout parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "flat" -> FLAT;
            case "dated" -> DATED;
            default -> throw new FitscoreException(ExitCode.CONFIG, "fitscore.output-layout must be flat or dated, got '" + value + "'");
        };
    }

    /** The name as written in the configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
