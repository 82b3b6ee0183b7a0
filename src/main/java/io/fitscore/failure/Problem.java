package io.fitscore.failure;


/** One thing wrong with the configuration or an input, with the exit code its class maps to. */
public record Problem(ExitCode exitCode, String message) {
}
