package io.fitscore.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** The credential sources a run can be told to use ({@code fitscore.credentials}). */
public enum CredentialsKind {
    AUTO, STATIC, DEFAULT, PROFILE, CONTAINER, INSTANCE_PROFILE, WEB_IDENTITY;

    public static CredentialsKind parse(String value) {
        String normalised = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.credentials: unknown value '" + value + "', expected one of "
                    + Arrays.stream(values()).map(CredentialsKind::configName).collect(Collectors.joining(", ")));
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
