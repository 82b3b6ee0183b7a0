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
public record RecommendSettings(String userColumn, String itemColumn, String ratingColumn, Feedback feedback, Method method,
        Optional<Integer> rank, int iterations, Optional<Double> regularization, Optional<Double> alpha,
        Optional<AlsSettings.Confidence> confidence, int tuneBudgetSeconds, long seed, int top, double holdoutFraction, boolean excludeSeen,
        Optional<StorageUri> checkpointDir) {

    /** How the final recommendations are made. */
    public enum Method {
        /** ALS's factors, with its tuned (or configured) settings. */
        ALS,
        /** Item-to-item co-occurrence: the items most bought together with what the customer has. */
        COOCCURRENCE
    }

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
        Method method = null;
        try {
            method = Method.valueOf(r.method().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(problem("fitscore.recommend.method must be als or cooccurrence, got '" + r.method() + "'"));
        }
        if (r.rank().isPresent() && r.rank().get() < 1) {
            problems.add(problem("fitscore.recommend.rank must be at least 1, got " + r.rank().get()));
        }
        if (r.iterations() < 1) {
            problems.add(problem("fitscore.recommend.iterations must be at least 1, got " + r.iterations()));
        }
        if (r.regularization().isPresent() && !(r.regularization().get() >= 0)) {
            problems.add(problem("fitscore.recommend.regularization must be 0 or more, got " + r.regularization().get()));
        }
        if (r.alpha().isPresent() && !(r.alpha().get() >= 0)) {
            problems.add(problem("fitscore.recommend.alpha must be 0 or more, got " + r.alpha().get()));
        }
        Optional<AlsSettings.Confidence> confidence = Optional.empty();
        try {
            confidence = r.confidence().map(String::strip).filter(c -> !c.isEmpty()).map(AlsSettings.Confidence::parse);
        } catch (IllegalArgumentException e) {
            problems.add(problem("fitscore.recommend.confidence must be raw or log, got '" + r.confidence().orElse("") + "'"));
        }
        if (r.tuneBudgetSeconds() < 0) {
            problems.add(problem("fitscore.recommend.tune-budget-seconds must be 0 or more, got " + r.tuneBudgetSeconds()));
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
        return Optional.of(new RecommendSettings(user, item, rating, feedback, method, r.rank(), r.iterations(), r.regularization(), r.alpha(),
                confidence, r.tuneBudgetSeconds(), r.seed(), r.top(), r.holdoutFraction(), r.excludeSeen(), checkpointDir));
    }

    /** The settings of {@code fitscore recommend}, for the "recommend" block of its effective configuration. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_column", userColumn());
        m.put("item_column", itemColumn());
        m.put("rating_column", ratingColumn());
        m.put("feedback", feedback().name().toLowerCase(Locale.ROOT));
        m.put("method", method().name().toLowerCase(Locale.ROOT));
        m.put("rank", rank().map(Object.class::cast).orElse("tuned"));
        m.put("iterations", iterations());
        m.put("regularization", regularization().map(Object.class::cast).orElse("tuned"));
        m.put("alpha", alpha().map(Object.class::cast).orElse("tuned"));
        m.put("confidence", confidence().map(c -> (Object) c.name().toLowerCase(Locale.ROOT)).orElse("tuned"));
        m.put("tune_budget_seconds", tuneBudgetSeconds());
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
