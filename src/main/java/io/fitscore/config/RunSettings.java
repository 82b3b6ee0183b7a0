package io.fitscore.config;

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
        StorageUri artifacts, String trainerType, FitscoreConfig config) {

    /** Command-line values that replace configuration; null means "not given". */
    public record Overrides(String inputs, String joinKey, String target, String output, String artifacts, String trainer) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null);
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
        return new RunSettings(List.copyOf(inputs), joinKey, target, output, artifacts, trainer, config);
    }
}
