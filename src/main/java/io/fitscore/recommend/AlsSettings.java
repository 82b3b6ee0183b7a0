package io.fitscore.recommend;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one ALS fit that {@code recommend} tunes: latent factors, regularisation, and for implicit feedback the
 * confidence ALS puts in a customer's quantity: 1 + alpha * q ({@code raw}) or 1 + alpha * log(1 + q) ({@code log}),
 * which keeps one order of 80,995 from outweighing everything a customer ever bought.
 */
public record AlsSettings(int rank, double regularization, double alpha, Confidence confidence) {

    /** How a customer's summed quantity becomes ALS's confidence in the pair. */
    public enum Confidence {
        RAW, LOG;

        static Confidence parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** Today's defaults, where tuning starts: rank 10, regularisation 0.1, alpha 1, raw quantities. */
    static final AlsSettings START = new AlsSettings(10, 0.1, 1.0, Confidence.RAW);

    AlsSettings withRank(int value) {
        return new AlsSettings(value, regularization, alpha, confidence);
    }

    AlsSettings withRegularization(double value) {
        return new AlsSettings(rank, value, alpha, confidence);
    }

    AlsSettings withAlpha(double value) {
        return new AlsSettings(rank, regularization, value, confidence);
    }

    AlsSettings withConfidence(Confidence value) {
        return new AlsSettings(rank, regularization, alpha, value);
    }

    /** As metrics.json and the report show them. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("regularization", regularization);
        m.put("alpha", alpha);
        m.put("confidence", confidence.name().toLowerCase(Locale.ROOT));
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rank %d, regularization %s, alpha %s, %s confidence", rank, regularization, alpha,
                confidence.name().toLowerCase(Locale.ROOT));
    }
}
