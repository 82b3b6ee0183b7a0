package io.fitscore.config;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.fitscore.aws.StorageUri;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;

/**
 * The checked, immutable settings of one run: configuration with any command-line overrides
 * applied, locations parsed, and combinations that would destroy data rejected.
 */
public record RunSettings(List<StorageUri> inputs, Optional<String> joinKey, String target, StorageUri output,
        StorageUri artifacts, String trainerType, LocalDate runDate, FitscoreConfig config) {

    /** Command-line values that replace configuration; null means "not given". */
    public record Overrides(String inputs, String joinKey, String target, String output, String artifacts, String trainer,
            String runDate) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);
    }

    /** Where this run's artifacts go: a folder named by the run date under the artifacts prefix. */
    public StorageUri runArtifacts() {
        return artifacts.resolve(runDate + "/");
    }

    public static RunSettings resolve(FitscoreConfig config, Overrides o) {
        List<String> rawInputs = o.inputs() != null ? Arrays.asList(o.inputs().split(",")) : config.inputs();
        List<StorageUri> inputs = new ArrayList<>();
        for (String raw : rawInputs) {
            if (!raw.isBlank()) {
                inputs.add(StorageUri.parse("FITSCORE_INPUTS", raw));
            }
        }
        if (inputs.isEmpty()) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_INPUTS: no input given");
        }
        Optional<String> joinKey = (o.joinKey() != null ? Optional.of(o.joinKey()) : config.joinKey())
                .map(String::strip).filter(s -> !s.isEmpty());
        String target = (o.target() != null ? o.target() : config.target()).strip();
        if (target.isEmpty()) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_TARGET: empty");
        }
        if (joinKey.isPresent() && joinKey.get().equals(target)) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_JOIN_KEY and FITSCORE_TARGET are the same column '" + target + "'");
        }
        StorageUri output = StorageUri.parse("FITSCORE_OUTPUT", o.output() != null ? o.output() : config.output()).asPrefix();
        StorageUri artifacts = StorageUri.parse("FITSCORE_ARTIFACTS", o.artifacts() != null ? o.artifacts() : config.artifacts()).asPrefix();
        for (StorageUri input : inputs) {
            if (input.isWithin(output)) {
                throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_OUTPUT " + output + " contains the input " + input
                        + ": writing results would delete it");
            }
        }
        if (artifacts.isWithin(output) || output.isWithin(artifacts)) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_OUTPUT " + output + " and FITSCORE_ARTIFACTS " + artifacts
                    + " overlap: the output prefix must hold only the results");
        }
        if (config.rows().max() < 1) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.rows.max must be at least 1, got " + config.rows().max());
        }
        double testFraction = config.evaluation().testFraction();
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.evaluation.test-fraction must be between 0 and 1, got " + testFraction);
        }
        if (config.features().minLevelCount() < 1) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.features.min-level-count must be at least 1");
        }
        String trainer = (o.trainer() != null ? o.trainer() : config.trainer().type()).strip().toLowerCase(Locale.ROOT);
        TrainerFactory.validate(config.trainer(), trainer);
        if (config.cv().folds() == 1 || config.cv().folds() < 0) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_CV_FOLDS must be 0 (off) or at least 2, got " + config.cv().folds());
        }
        if (!List.of("error", "missing").contains(config.score().missingColumns())) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.score.missing-columns must be error or missing, got '"
                    + config.score().missingColumns() + "'");
        }
        LocalDate runDate = parseRunDate(o.runDate() != null ? Optional.of(o.runDate()) : config.runDate());
        StorageUri effectiveOutput = switch (config.outputLayout()) {
            case "flat" -> output;
            case "dated" -> output.resolve("run_date=" + runDate + "/");
            default -> throw new FitscoreException(ExitCode.CONFIG, "fitscore.output-layout must be flat or dated, got '"
                    + config.outputLayout() + "'");
        };
        return new RunSettings(List.copyOf(inputs), joinKey, target, effectiveOutput, artifacts, trainer, runDate, config);
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
}
