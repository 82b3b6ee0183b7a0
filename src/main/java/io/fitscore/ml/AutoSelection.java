package io.fitscore.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code fitscore.trainer.type=auto}: compares candidates by seeded k-fold CV on the training split only
 * (the holdout never influences the choice) and picks the best mean R2. Deterministic for a seed, with
 * one exception stated in the report: the wall-clock budget. The first candidate always completes; a
 * later one is skipped once the budget is spent, or abandoned when its first folds show that its
 * remaining folds cannot finish within the budget. A candidate's folds run side by side on the trainer
 * threads; a member that several candidates share (the blend's boosting is the {@code xgboost} candidate)
 * is trained once per fold and its held-out predictions reused.
 */
public final class AutoSelection {

    /** How one candidate fared; its R2 on each fold compared (empty when it did not run) for the choice rule. */
    public record CandidateScore(String name, String type, String settings, String status, int foldsRun, double r2Mean,
            double r2Sd, double rmseMean, double seconds, @JsonIgnore double[] foldR2) {
    }

    /**
     * The winner and every candidate's score, compared by {@code repeats} x {@code folds}-fold CV on {@code rows} rows; the
     * best mean R2 and why the winner was chosen over it when it is another candidate; and the winner's absolute
     * out-of-fold residuals of the first k folds (each compared row once, predicted by a model that did not see it), from
     * which the run's prediction interval is taken without fitting the winner again.
     */
    public record Selection(String winner, List<CandidateScore> candidates, int folds, int repeats, int rows, double budgetSeconds,
            String bestMean, String rule, @JsonIgnore Candidate chosen, @JsonIgnore double[] chosenResiduals) {
    }

    /**
     * How flexible each candidate is: 0 for a straight line in the features, 1 for a model that bends (trees, averages of
     * them, and the elastic net given products and squares). The choice rule prefers a straight line whose score is not
     * measurably below the best mean's; candidates of one level are told apart by their mean alone. Only these two levels:
     * ranked finer (products below trees), the rule gave up the boosting's lead on a 400-row table that was real, for a
     * model whose interactions are no simpler to read than trees.
     */
    static final Map<String, Integer> FLEXIBILITY = Map.of("ridge", 0, "elastic-net", 0, "linear-sgd", 0, "elastic-net-pairs", 1,
            "xgboost", 1, "xgboost-fast", 1, "xgboost-deep", 1, "random-forest", 1, "xgboost-forest", 1, "blend", 1);

    /**
     * A small training split is compared by this many folds, repeated this many times with other seeded shuffles:
     * on a few hundred rows one 3-fold split is mostly noise (a 48-row table's choice cost 0.135 R2), and 25 fits of
     * a few hundred rows cost little.
     */
    public static final int SMALL_SPLIT_FOLDS = 5;
    public static final int SMALL_SPLIT_REPEATS = 5;

    public static final String COMPLETE = "complete";
    public static final String OVER_BUDGET = "skipped: over budget";
    public static final String TOO_MANY_ROWS = "skipped: training split above its row limit";
    public static final String TOO_FEW_ROWS = "skipped: training split below its least rows";

    private AutoSelection() {
    }

    /**
     * @param trainRows the training split (never the holdout); above {@code maxRows} a seeded sample of it is compared
     * @param repeatBelowRows a split of at most this many rows is compared by {@link #SMALL_SPLIT_REPEATS} x
     *        {@link #SMALL_SPLIT_FOLDS}-fold CV instead of one {@code folds}-fold split (0: never)
     * @param nanoClock the clock the budget is measured with ({@link System#nanoTime} in a run)
     */
    public static Selection choose(Table table, List<List<Object>> trainRows, FeatureSpec spec, List<Candidate> candidates, int folds,
            int repeatBelowRows, int maxRows, double budgetSeconds, long seed, String description, TrainingSteps steps,
            LongSupplier nanoClock) {
        List<List<Object>> rows = ModelTrainer.shuffled(trainRows, seed);
        if (rows.size() > maxRows) {
            rows = new ArrayList<>(rows.subList(0, maxRows));
        }
        boolean small = rows.size() <= repeatBelowRows;
        int repeats = small ? SMALL_SPLIT_REPEATS : 1;
        int k = Math.min(small ? SMALL_SPLIT_FOLDS : folds, rows.size());
        List<Fold> split = Fold.split(table, spec.target(), rows, k, repeats, seed);
        // Folds run side by side, each trainer on its share of the threads: on the few rows compared, one fold per
        // core beats every core on one fold, as a fit of few rows cannot keep many threads busy.
        int threads = candidates.stream().mapToInt(Candidate::threads).max().orElse(1);
        int workers = Math.max(1, Math.min(threads, k));
        Comparison comparison = new Comparison(table, spec, split, Math.max(1, threads / workers), seed, description, steps, nanoClock,
                budgetSeconds, split.size() * (int) candidates.stream().filter(c -> c.accepts(trainRows.size())).count());
        List<CandidateScore> scores = new ArrayList<>();
        Map<String, double[]> residuals = new HashMap<>();
        Candidate best = null;
        double bestR2 = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : candidates) {
            if (!candidate.accepts(trainRows.size())) {
                // What it would cost is the final training on the whole split, which the comparison's sample does not show.
                String status = trainRows.size() > candidate.maxTrainingRows() ? TOO_MANY_ROWS + " (" + candidate.maxTrainingRows() + ")"
                        : TOO_FEW_ROWS + " (" + candidate.minTrainingRows() + ")";
                scores.add(new CandidateScore(candidate.name(), candidate.type(), candidate.settings(), status, 0, Double.NaN, Double.NaN,
                        Double.NaN, 0, new double[0]));
                continue;
            }
            long candidateStart = nanoClock.getAsLong();
            Comparison.CandidateRun run = comparison.new CandidateRun(candidate, best == null, workers);
            List<RegressionScores> foldScores = run.folds();
            residuals.put(candidate.name(), run.firstRepeatResiduals(k));
            String status = foldScores.size() == split.size() ? COMPLETE : OVER_BUDGET;
            CrossValidation.Result r = CrossValidation.Result.of(k, repeats, foldScores);
            scores.add(new CandidateScore(candidate.name(), candidate.type(), candidate.settings(), status, foldScores.size(),
                    r.r2Mean(), r.r2Sd(), r.rmseMean(), seconds(candidateStart, nanoClock.getAsLong()),
                    foldScores.stream().mapToDouble(RegressionScores::r2).toArray()));
            if (status.equals(COMPLETE) && r.r2Mean() > bestR2) {
                best = candidate;
                bestR2 = r.r2Mean();
            }
        }
        if (best == null) {
            best = candidates.get(0); // no candidate had a comparable score (e.g. NaN R2): the first listed
            return new Selection(best.name(), scores, k, repeats, rows.size(), budgetSeconds, best.name(), "the first listed: no "
                    + "candidate had a comparable score", best, residuals.getOrDefault(best.name(), new double[0]));
        }
        Choice choice = leastFlexibleWithinError(scores, best.name(), 1.0 / (k - 1), FLEXIBILITY);
        Candidate chosen = candidates.stream().filter(c -> c.name().equals(choice.name())).findFirst().orElseThrow();
        return new Selection(chosen.name(), scores, k, repeats, rows.size(), budgetSeconds, best.name(), choice.rule(), chosen,
                residuals.get(chosen.name()));
    }

    /**
     * The one-standard-error rule needs this many folds: the error of a difference measured on three folds has two degrees
     * of freedom and is itself noise (on the course data it would have traded the blend's lead, real over 5x5 folds, for a
     * linear model's). A training split small enough for the repeated comparison is the case the rule is for; a larger one
     * is compared on one k-fold split, and there the best mean decides.
     */
    static final int RULE_LEAST_FOLDS = 10;

    /** The candidate the rule picks and the rule's reasoning in words. */
    record Choice(String name, String rule) {
    }

    /**
     * The least flexible candidate ({@link #FLEXIBILITY}; the best mean among equals) whose mean R2 is within one standard
     * error of the best mean's: the one-standard-error rule, on the fold-by-fold differences to the best candidate (every
     * candidate is scored on the same folds, so the differences cancel what the folds share), with the error of repeated
     * k-fold CV corrected for its overlapping training sets as Nadeau and Bengio's resampled t-test does:
     * sd·√(1/J + test/train) for J folds in all. Plain sd/√J would take 25 folds of 40 rows for 25 independent
     * measurements and trust differences that are noise.
     *
     * @param testShare a fold's held-out rows per training row, 1/(k-1)
     */
    static Choice leastFlexibleWithinError(List<CandidateScore> scores, String best, double testShare, Map<String, Integer> flexibility) {
        double[] bestFolds = scores.stream().filter(c -> c.name().equals(best)).findFirst().orElseThrow().foldR2();
        if (bestFolds.length < RULE_LEAST_FOLDS) {
            return new Choice(best, "the best mean R2 (" + bestFolds.length + " folds are too few to measure the error of a difference)");
        }
        List<CandidateScore> ordered = scores.stream().filter(c -> c.status().equals(COMPLETE))
                .sorted(Comparator.comparingInt((CandidateScore c) -> flexibility.getOrDefault(c.name(), Integer.MAX_VALUE))
                        .thenComparing(Comparator.comparingDouble(CandidateScore::r2Mean).reversed()))
                .toList();
        for (CandidateScore candidate : ordered) {
            if (candidate.name().equals(best)) {
                break;
            }
            double[] folds = candidate.foldR2();
            int j = folds.length;
            double mean = 0;
            for (int f = 0; f < j; f++) {
                mean += (bestFolds[f] - folds[f]) / j;
            }
            double squares = 0;
            for (int f = 0; f < j; f++) {
                double d = bestFolds[f] - folds[f] - mean;
                squares += d * d;
            }
            double error = j > 1 ? Math.sqrt(squares / (j - 1)) * Math.sqrt(1.0 / j + testShare) : 0;
            if (Double.isFinite(mean) && mean <= error) {
                return new Choice(candidate.name(), String.format(Locale.ROOT, "less flexible than %s, its mean R2 %.4f below that, "
                        + "within one standard error of the difference (%.4f)", best, mean, error));
            }
        }
        return new Choice(best, "the best mean R2");
    }

    /** One fold of the compared rows: what is trained on, what is held out and its known targets. */
    private record Fold(List<List<Object>> train, List<List<Object>> held, double[] actual) {

        /** k folds of {@code shuffled}, then of each further seeded shuffle of it: {@code k * repeats} folds. */
        static List<Fold> split(Table table, String target, List<List<Object>> shuffled, int k, int repeats, long seed) {
            int targetIndex = table.indexOf(target);
            List<Fold> out = new ArrayList<>(k * repeats);
            for (int repeat = 0; repeat < repeats; repeat++) {
                List<List<Object>> order = repeat == 0 ? shuffled : ModelTrainer.shuffled(shuffled, seed + repeat);
                for (int fold = 0; fold < k; fold++) {
                    CrossValidation.Partition p = CrossValidation.Partition.of(order, k, fold);
                    out.add(new Fold(p.train(), p.held(), p.held().stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray()));
                }
            }
            return out;
        }
    }

    /**
     * The state of one comparison: the folds, every member's held-out predictions per fold (a member shared by
     * candidates, such as the blend's boosting, is trained once per fold), fits done and the budget.
     */
    private static final class Comparison {
        private final Table table;
        private final FeatureSpec baseSpec;
        private final List<Fold> folds;
        private final int foldThreads;
        private final long seed;
        private final String description;
        private final TrainingSteps steps;
        private final LongSupplier nanoClock;
        private final double budgetSeconds;
        private final int plannedFits;
        private final long start;
        private final Map<String, double[][]> predictions = new ConcurrentHashMap<>();
        /**
         * Each fold's training rows encoded, per feature spec: candidates given the same features (the boostings, the blend
         * and the elastic net) train on one pipeline fit and one encoding of a fold, not one each.
         */
        private final Map<FeatureSpec, ModelTrainer.Prepared[]> prepared = new ConcurrentHashMap<>();
        private int fits;

        Comparison(Table table, FeatureSpec baseSpec, List<Fold> folds, int foldThreads, long seed, String description, TrainingSteps steps,
                LongSupplier nanoClock, double budgetSeconds, int plannedFits) {
            this.table = table;
            this.baseSpec = baseSpec;
            this.folds = folds;
            this.foldThreads = foldThreads;
            this.seed = seed;
            this.description = description;
            this.steps = steps;
            this.nanoClock = nanoClock;
            this.budgetSeconds = budgetSeconds;
            this.plannedFits = plannedFits;
            this.start = nanoClock.getAsLong();
        }

        /** A candidate's folds, run side by side until done or over budget. */
        final class CandidateRun {
            private final Candidate candidate;
            private final boolean mustComplete;
            private final int workers;
            private final FeatureSpec spec;
            private final long candidateStart = nanoClock.getAsLong();
            private final double[][] residuals = new double[folds.size()][];

            CandidateRun(Candidate candidate, boolean mustComplete, int workers) {
                this.candidate = candidate;
                this.mustComplete = mustComplete;
                this.workers = workers;
                this.spec = candidate.featureSpec(baseSpec);
            }

            /** The scores of the folds run, in fold order. */
            List<RegressionScores> folds() {
                return ParallelFits.run(folds.size(), workers, this::admit, this::score).stream().filter(Objects::nonNull).toList();
            }

            /** Within budget (the first candidate always is): fold {@code next} may start; tells the run's steps. */
            private boolean admit(int next, int done) {
                int k = folds.size();
                if (!mustComplete) {
                    double spent = seconds(start, nanoClock.getAsLong());
                    double perFold = done == 0 ? 0 : seconds(candidateStart, nanoClock.getAsLong()) / done;
                    int rounds = (k - next + workers - 1) / workers;
                    if (spent >= budgetSeconds || spent + perFold * rounds > budgetSeconds) {
                        return false;
                    }
                }
                steps.next(candidate.name() + " fold " + (next + 1) + " of " + k, fits, plannedFits);
                fits++;
                return true;
            }

            /**
             * The candidate's held-out predictions of one fold: each member's (trained now unless another candidate
             * already did), averaged the way {@code AveragedModels} scores an equal-weight ensemble.
             */
            private RegressionScores score(int fold) {
                Fold f = folds.get(fold);
                double[] combined = new double[f.held().size()];
                double weightSum = 0;
                for (Candidate.Member member : candidate.members()) {
                    double[] predicted = predictions(member, fold);
                    float weight = 1f;
                    weightSum += weight;
                    double share = weight / weightSum;
                    for (int r = 0; r < combined.length; r++) {
                        combined[r] += share * (predicted[r] - combined[r]);
                    }
                }
                double[] absolute = new double[combined.length];
                for (int r = 0; r < combined.length; r++) {
                    absolute[r] = Math.abs(f.actual()[r] - combined[r]);
                }
                residuals[fold] = absolute;
                return RegressionScores.of(f.actual(), combined);
            }

            /** The absolute held-out residuals of the first {@code k} folds that ran: each row of the first shuffle at most once. */
            double[] firstRepeatResiduals(int k) {
                return Arrays.stream(residuals, 0, Math.min(k, residuals.length)).filter(Objects::nonNull)
                        .flatMapToDouble(Arrays::stream).toArray();
            }

            private double[] predictions(Candidate.Member member, int fold) {
                String key = member.key() + (spec.standardiseTarget() ? " (standardised target)" : "")
                        + (spec.productsOf() > 0 ? " (products of " + spec.productsOf() + " columns)" : "");
                double[][] perFold = predictions.computeIfAbsent(key, x -> new double[folds.size()][]);
                if (perFold[fold] == null) {
                    Fold f = folds.get(fold);
                    ModelTrainer.Prepared[] encoded = prepared.computeIfAbsent(spec, x -> new ModelTrainer.Prepared[folds.size()]);
                    if (encoded[fold] == null) {
                        encoded[fold] = ModelTrainer.prepare(table, f.train(), spec, seed, description + " auto fold " + (fold + 1));
                    }
                    ModelTrainer.Fitted fitted = ModelTrainer.fit(encoded[fold], pipeline -> member.source().create(pipeline, foldThreads));
                    perFold[fold] = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(f.held());
                }
                return perFold[fold];
            }
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
