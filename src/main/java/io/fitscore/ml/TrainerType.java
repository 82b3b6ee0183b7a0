package io.fitscore.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** The trainers {@code fitscore.trainer.type} names: {@code auto} or one concrete Tribuo trainer. */
public enum TrainerType {
    AUTO, XGBOOST, RANDOM_FOREST, CART, LINEAR_SGD, RIDGE, ELASTIC_NET, ELASTIC_NET_PAIRS;

    /** The trainers as the help lists them (TrainerType's names; ExitCodeHelpTest holds them together). */
    public static final String HELP = "auto (the default: the best by cross-validation), xgboost, random-forest, cart,"
            + " linear-sgd, ridge, elastic-net or elastic-net-pairs";

    /** Names {@code fitscore.trainer.auto-candidates} may list (a candidate is a trainer with settings). */
    public static final List<String> AUTO_CANDIDATES = List.of("xgboost", "xgboost-fast", "xgboost-deep", "ridge", "linear-sgd",
            "elastic-net", "elastic-net-pairs", "random-forest", "xgboost-forest", "blend");

    /** The type a configuration value names, in any case, with - or _. */
    public static TrainerType parse(String value) {
        String normalised = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TrainerType type : values()) {
            if (type.name().equals(normalised)) {
                return type;
            }
        }
        throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.type: unknown trainer '" + value + "', expected one of "
                + Arrays.stream(values()).map(TrainerType::configName).toList());
    }

    /** The name as written in the configuration, e.g. {@code random-forest}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
