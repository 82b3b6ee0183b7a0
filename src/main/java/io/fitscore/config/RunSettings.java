package io.fitscore.config;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.fitscore.storage.StorageUri;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.failure.ValidationFailed;

/**
 * The checked, immutable settings of one run: configuration with any command-line overrides
 * applied, locations parsed, and combinations that would destroy data rejected.
 */
public record RunSettings(List<StorageUri> inputs, Optional<String> joinKey, String target, StorageUri output,
        StorageUri artifacts, LocalDate runDate, OutputLayout outputLayout) {

    /** Command-line values that replace configuration; null means "not given". */
    public record Overrides(String inputs, String joinKey, String target, String output, String artifacts, String runDate) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null);
    }

    /**
     * A job's own settings, checked with the run's: given the join key (some settings default to it), it keeps what it
     * resolved and adds every problem to the list, so that all are reported together.
     */
    @FunctionalInterface
    public interface JobSettings {
        JobSettings NONE = (joinKey, problems) -> { };

        void resolve(Optional<String> joinKey, List<Problem> problems);
    }

    /** Where this run's artifacts go: a folder named by the run date under the artifacts prefix. */
    public StorageUri runArtifacts() {
        return artifacts.resolve(runDate + "/");
    }

    /** Resolves and checks the settings every job has, for a job that joins its inputs on the key (exit 3). */
    public static RunSettings resolve(FitscoreConfig config, Overrides o) {
        return resolve(config, o, true, JobSettings.NONE);
    }

    /**
     * Resolves and checks the settings every job has, and the job's own through {@code job}; all problems are reported
     * together (exit 3). A job that does not join its inputs ({@code joinsInputs} false: it stacks them, e.g. log
     * files) has no join key.
     */
    public static RunSettings resolve(FitscoreConfig config, Overrides o, boolean joinsInputs, JobSettings job) {
        List<Problem> problems = new ArrayList<>();
        List<String> rawInputs = o.inputs() != null ? Arrays.asList(o.inputs().split(",")) : config.inputs();
        List<StorageUri> inputs = new ArrayList<>();
        for (String raw : rawInputs) {
            if (!raw.isBlank()) {
                attempt(problems, () -> StorageUri.parse("FITSCORE_INPUTS", raw)).ifPresent(inputs::add);
            }
        }
        if (rawInputs.stream().allMatch(String::isBlank)) {
            problems.add(config("FITSCORE_INPUTS: no input given"));
        }
        Optional<String> joinKey = (o.joinKey() != null ? Optional.of(o.joinKey()) : config.joinKey())
                .map(String::strip).filter(s -> !s.isEmpty() && joinsInputs);
        String target = (o.target() != null ? o.target() : config.target()).strip();
        if (target.isEmpty()) {
            problems.add(config("FITSCORE_TARGET: empty"));
        }
        if (joinKey.isPresent() && joinKey.get().equals(target)) {
            problems.add(config("FITSCORE_JOIN_KEY and FITSCORE_TARGET are the same column '" + target + "'"));
        }
        if (inputs.size() > 1 && joinKey.isEmpty()) {
            problems.add(config("FITSCORE_JOIN_KEY is empty but " + inputs.size() + " inputs are configured: a join key is needed to combine them"));
        }
        Optional<StorageUri> output = attempt(problems,
                () -> StorageUri.parse("FITSCORE_OUTPUT", o.output() != null ? o.output() : config.output()).asPrefix());
        Optional<StorageUri> artifacts = attempt(problems,
                () -> StorageUri.parse("FITSCORE_ARTIFACTS", o.artifacts() != null ? o.artifacts() : config.artifacts()).asPrefix());
        if (output.isPresent()) {
            for (StorageUri input : inputs) {
                if (input.isWithin(output.get())) {
                    problems.add(config("FITSCORE_OUTPUT " + output.get() + " contains the input " + input + ": writing results would delete it"));
                }
            }
            if (artifacts.isPresent() && (artifacts.get().isWithin(output.get()) || output.get().isWithin(artifacts.get()))) {
                problems.add(config("FITSCORE_OUTPUT " + output.get() + " and FITSCORE_ARTIFACTS " + artifacts.get()
                        + " overlap: the output prefix must hold only the results"));
            }
        }
        if (!encodingKnown(config.csv().encoding())) {
            problems.add(config("fitscore.csv.encoding: unknown character encoding '" + config.csv().encoding()
                    + "' (e.g. UTF-8, windows-1252, ISO-8859-1)"));
        }
        if (config.csv().delimiter().length() != 1) {
            problems.add(config("fitscore.csv.delimiter must be one character, got '" + config.csv().delimiter() + "'"));
        }
        attempt(problems, () -> CredentialsKind.parse(config.credentials()));
        Optional<LocalDate> runDate = attempt(problems, () -> parseRunDate(o.runDate() != null ? Optional.of(o.runDate()) : config.runDate()));
        Optional<OutputLayout> layout = attempt(problems, () -> OutputLayout.parse(config.outputLayout()));
        job.resolve(joinKey, problems);
        ValidationFailed.throwIfAny(problems);
        StorageUri effectiveOutput = layout.get() == OutputLayout.DATED
                ? output.get().resolve("run_date=" + runDate.get() + "/") : output.get();
        return new RunSettings(List.copyOf(inputs), joinKey, target, effectiveOutput, artifacts.get(), runDate.get(), layout.get());
    }

    private static Problem config(String message) {
        return new Problem(ExitCode.CONFIG, message);
    }

    /** Runs one check; its failure becomes a problem instead of ending the resolution. */
    public static <T> Optional<T> attempt(List<Problem> problems, Supplier<T> check) {
        try {
            return Optional.of(check.get());
        } catch (FitscoreException e) {
            problems.add(new Problem(e.exitCode(), e.getMessage()));
            return Optional.empty();
        }
    }

    private static LocalDate parseRunDate(Optional<String> value) {
        Optional<String> given = value.map(String::strip).filter(v -> !v.isEmpty());
        if (given.isEmpty()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(given.get());
        } catch (DateTimeParseException e) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_RUN_DATE: '" + given.get() + "' is not a date like 2026-11-21");
        }
    }

    private static boolean encodingKnown(String name) {
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
