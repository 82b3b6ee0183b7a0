package io.fitscore.recommend;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import org.jboss.logging.Logger;

import io.fitscore.spark.line.SparkLine;

/**
 * Chooses ALS's settings on the training pairs only: a seeded share of them is held out as validation, ALS is fitted on
 * the rest with each candidate's settings and ranks the validation customers' items (as the holdout will be ranked), and
 * the best NDCG@k wins (explicit ratings: the lowest RMSE). The search walks one setting at a time from today's defaults,
 * keeping the best so far: regularisation (0.01 to 1), rank (20, 40), the confidence scaling, then alpha (0.1 to 10);
 * settings given in the configuration are not searched. It stops starting candidates once the next would end past the time budget; the
 * first always runs. Seeded, so the same pairs choose the same settings.
 */
final class AlsTuning {

    private static final Logger LOG = Logger.getLogger(AlsTuning.class);

    static final double[] REGULARIZATIONS = {0.01, 0.05, 0.3, 1.0};
    static final int[] RANKS = {20, 40};
    static final double[] ALPHAS = {0.1, 3, 10};

    static final String COMPLETE = "complete";
    static final String OVER_BUDGET = "skipped: over budget";

    /** One candidate's settings and what it scored on the validation pairs (null: not run). */
    record Candidate(AlsSettings settings, String status, Double ndcgAtK, Double precisionAtK, Double rmse, double seconds) {
    }

    /** The settings chosen, and how: every candidate, the pairs fitted and validated on, the customers measured. */
    record Result(AlsSettings chosen, boolean searched, List<Candidate> candidates, long fitPairs, long validationPairs, long customers,
            double budgetSeconds) {
    }

    private AlsTuning() {
    }

    /** The configured settings where given, the start values elsewhere. */
    static AlsSettings start(RecommendSettings settings) {
        AlsSettings s = AlsSettings.START;
        s = settings.rank().map(s::withRank).orElse(s);
        s = settings.regularization().map(s::withRegularization).orElse(s);
        s = settings.alpha().map(s::withAlpha).orElse(s);
        return settings.confidence().map(s::withConfidence).orElse(s);
    }

    /** The candidates to try after the start, in order: one setting varied at a time; each entry sets one setting. */
    private static List<java.util.function.UnaryOperator<AlsSettings>> steps(RecommendSettings settings) {
        boolean implicit = settings.feedback() == RecommendSettings.Feedback.IMPLICIT;
        List<java.util.function.UnaryOperator<AlsSettings>> steps = new ArrayList<>();
        if (settings.regularization().isEmpty()) {
            for (double r : REGULARIZATIONS) {
                steps.add(s -> s.withRegularization(r));
            }
        }
        if (settings.rank().isEmpty()) {
            for (int r : RANKS) {
                steps.add(s -> s.withRank(r));
            }
        }
        if (implicit && settings.confidence().isEmpty()) {
            steps.add(s -> s.withConfidence(AlsSettings.Confidence.LOG));
        }
        if (implicit && settings.alpha().isEmpty()) {
            for (double a : ALPHAS) {
                steps.add(s -> s.withAlpha(a));
            }
        }
        return steps;
    }

    /**
     * Searches (or, when every tuned setting is configured, only reports the configured ones) on {@code training} only.
     *
     * @param seconds the clock the budget is measured with
     */
    static Result tune(SparkSession spark, Dataset<Row> training, RecommendSettings settings, DoubleSupplier seconds) {
        AlsSettings start = start(settings);
        List<java.util.function.UnaryOperator<AlsSettings>> steps = steps(settings);
        if (steps.isEmpty()) {
            return new Result(start, false, List.of(), 0, 0, 0, settings.tuneBudgetSeconds());
        }
        Dataset<Row>[] split = training.randomSplit(new double[] {1 - settings.holdoutFraction(), settings.holdoutFraction()},
                settings.seed() + 1);
        Dataset<Row> fitPart = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validation = warm(split[1], fitPart).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> customers = TopItems.customers(fitPart, validation, null).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long fitPairs = fitPart.count();
            long validationPairs = validation.count();
            long measured = customers.count();
            TopItems.ItemSpace space = CollaborativeFiltering.items(fitPart);
            double begin = seconds.getAsDouble();
            List<Candidate> candidates = new ArrayList<>();
            Candidate best = run(spark, fitPart, validation, customers, space, start, settings, seconds);
            candidates.add(best);
            // Each step varies one setting of the best so far; a setting already tried is not fitted again.
            for (java.util.function.UnaryOperator<AlsSettings> step : steps) {
                AlsSettings next = step.apply(best.settings());
                if (candidates.stream().anyMatch(c -> c.settings().equals(next))) {
                    continue;
                }
                double spent = seconds.getAsDouble() - begin;
                double perCandidate = spent / candidates.stream().filter(c -> c.status().equals(COMPLETE)).count();
                if (spent + perCandidate > settings.tuneBudgetSeconds()) {
                    candidates.add(new Candidate(next, OVER_BUDGET, null, null, null, 0));
                    continue;
                }
                Candidate c = run(spark, fitPart, validation, customers, space, next, settings, seconds);
                candidates.add(c);
                if (better(c, best)) {
                    best = c;
                }
            }
            return new Result(best.settings(), true, candidates, fitPairs, validationPairs, measured, settings.tuneBudgetSeconds());
        } finally {
            customers.unpersist();
            validation.unpersist();
            fitPart.unpersist();
        }
    }

    /** Held-out pairs whose customer and item the training pairs have: a cold one cannot be ranked. */
    static Dataset<Row> warm(Dataset<Row> heldOut, Dataset<Row> training) {
        return heldOut.join(training.select(TopItems.USER).distinct(), SparkLine.seq(TopItems.USER), "left_semi")
                .join(training.select(TopItems.ITEM).distinct(), SparkLine.seq(TopItems.ITEM), "left_semi");
    }

    private static Candidate run(SparkSession spark, Dataset<Row> fitPart, Dataset<Row> validation, Dataset<Row> customers,
            TopItems.ItemSpace space, AlsSettings candidate, RecommendSettings settings, DoubleSupplier seconds) {
        double begin = seconds.getAsDouble();
        ALSModel model = CollaborativeFiltering.fit(fitPart, candidate, settings);
        TopItems.Measured m = TopItems.measure(spark, customers.join(model.userFactors().select(col("id").as(TopItems.USER),
                col("features").as(TopItems.FACTOR)), SparkLine.seq(TopItems.USER), "left"), space,
                List.of(CollaborativeFiltering.recommender(model, space)), settings.top(), settings.excludeSeen());
        Double rmse = settings.feedback() == RecommendSettings.Feedback.EXPLICIT
                ? new RegressionEvaluator().setLabelCol(CollaborativeFiltering.RATING).setPredictionCol(CollaborativeFiltering.SCORE)
                        .setMetricName("rmse").evaluate(model.transform(validation))
                : null;
        TopItems.Metrics metrics = m.metrics().get(0);
        Candidate c = new Candidate(candidate, COMPLETE, metrics.ndcgAtK(), metrics.precisionAtK(), rmse, seconds.getAsDouble() - begin);
        LOG.infof("recommend tuning: %s: NDCG@%d %.4f, precision@%d %.4f%s (%.1f s)", candidate, settings.top(), c.ndcgAtK(), settings.top(),
                c.precisionAtK(), rmse == null ? "" : String.format(java.util.Locale.ROOT, ", RMSE %.4f", rmse), c.seconds());
        return c;
    }

    /** A higher NDCG (explicit: a lower RMSE); a tie keeps the earlier, simpler candidate. */
    private static boolean better(Candidate c, Candidate best) {
        if (c.rmse() != null && best.rmse() != null) {
            return c.rmse() < best.rmse();
        }
        return c.ndcgAtK() > best.ndcgAtK();
    }

    static Optional<Candidate> chosen(Result r) {
        return r.candidates().stream().filter(c -> c.settings().equals(r.chosen())).findFirst();
    }
}
