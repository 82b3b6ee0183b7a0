package io.fitscore.recommend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.storage.StorageUri;

/** The checked settings of one {@code fitscore recommend}. */
public record RecommendSettings(String userColumn, String itemColumn, String ratingColumn, Feedback feedback, int rank,
        int iterations, double regularization, double alpha, long seed, int top, double holdoutFraction, boolean excludeSeen,
        Optional<StorageUri> checkpointDir) {

    /** What the rating column means. */
    public enum Feedback {
        /** Quantities: summed per customer and item; the sum is ALS's confidence, not a rating to predict. */
        IMPLICIT,
        /** Ratings to predict: averaged per user and item, evaluated by RMSE too. */
        EXPLICIT
    }

    /** Resolves and checks the recommend settings, adding every problem to {@code problems}; empty when there was any. */
    public static Optional<RecommendSettings> resolve(RecommendConfig r, List<Problem> problems) {
        int before = problems.size();
        Feedback feedback = null;
        try {
            feedback = Feedback.valueOf(r.feedback().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(problem("fitscore.recommend.feedback must be implicit or explicit, got '" + r.feedback() + "'"));
        }
        String user = r.userColumn().strip();
        String item = r.itemColumn().strip();
        String rating = r.ratingColumn().strip();
        if (user.isEmpty() || item.isEmpty() || rating.isEmpty()) {
            problems.add(problem("fitscore.recommend.user-column, item-column and rating-column must all be set"));
        } else if (user.equals(item) || user.equals(rating) || item.equals(rating)) {
            problems.add(problem("fitscore.recommend.user-column, item-column and rating-column must be three different columns, got '"
                    + user + "', '" + item + "', '" + rating + "'"));
        }
        if (r.rank() < 1) {
            problems.add(problem("fitscore.recommend.rank must be at least 1, got " + r.rank()));
        }
        if (r.iterations() < 1) {
            problems.add(problem("fitscore.recommend.iterations must be at least 1, got " + r.iterations()));
        }
        if (!(r.regularization() >= 0)) {
            problems.add(problem("fitscore.recommend.regularization must be 0 or more, got " + r.regularization()));
        }
        if (!(r.alpha() >= 0)) {
            problems.add(problem("fitscore.recommend.alpha must be 0 or more, got " + r.alpha()));
        }
        if (r.top() < 1 || r.top() > 1000) {
            problems.add(problem("fitscore.recommend.top must be between 1 and 1000, got " + r.top()));
        }
        if (!(r.holdoutFraction() > 0 && r.holdoutFraction() < 1)) {
            problems.add(problem("fitscore.recommend.holdout-fraction must be between 0 and 1, got " + r.holdoutFraction()));
        }
        Optional<StorageUri> checkpointDir = Optional.empty();
        try {
            checkpointDir = r.checkpointDir().map(String::strip).filter(d -> !d.isEmpty())
                    .map(d -> StorageUri.parse("fitscore.recommend.checkpoint-dir", d).asPrefix());
        } catch (FitscoreException e) {
            problems.add(new Problem(e.exitCode(), e.getMessage()));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new RecommendSettings(user, item, rating, feedback, r.rank(), r.iterations(), r.regularization(), r.alpha(), r.seed(),
                r.top(), r.holdoutFraction(), r.excludeSeen(), checkpointDir));
    }

    /** The settings of {@code fitscore recommend}, for the "recommend" block of its effective configuration. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_column", userColumn());
        m.put("item_column", itemColumn());
        m.put("rating_column", ratingColumn());
        m.put("feedback", feedback().name().toLowerCase(Locale.ROOT));
        m.put("rank", rank());
        m.put("iterations", iterations());
        m.put("regularization", regularization());
        m.put("alpha", alpha());
        m.put("seed", seed());
        m.put("top", top());
        m.put("holdout_fraction", holdoutFraction());
        m.put("exclude_seen", excludeSeen());
        m.put("checkpoint_dir", checkpointDir().map(StorageUri::toString).orElse(null));
        return m;
    }


    private static Problem problem(String message) {
        return new Problem(ExitCode.CONFIG, message);
    }
}
