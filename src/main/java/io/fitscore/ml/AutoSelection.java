package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;
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

    /** How one candidate fared. */
    public record CandidateScore(String name, String type, String settings, String status, int foldsRun, double r2Mean,
            double r2Sd, double rmseMean, double seconds) {
    }

    /** The winner and every candidate's score, compared by {@code repeats} x {@code folds}-fold CV on {@code rows} rows. */
    public record Selection(String winner, List<CandidateScore> candidates, int folds, int repeats, int rows, double budgetSeconds,
            @JsonIgnore Candidate chosen) {
    }

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
        Candidate best = null;
        double bestR2 = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : candidates) {
            if (!candidate.accepts(trainRows.size())) {
                // What it would cost is the final training on the whole split, which the comparison's sample does not show.
                scores.add(new CandidateScore(candidate.name(), candidate.type(), candidate.settings(),
                        TOO_MANY_ROWS + " (" + candidate.maxTrainingRows() + ")", 0, Double.NaN, Double.NaN, Double.NaN, 0));
                continue;
            }
            long candidateStart = nanoClock.getAsLong();
            List<RegressionScores> foldScores = comparison.new CandidateRun(candidate, best == null, workers).folds();
            String status = foldScores.size() == split.size() ? COMPLETE : OVER_BUDGET;
            CrossValidation.Result r = CrossValidation.Result.of(k, repeats, foldScores);
            scores.add(new CandidateScore(candidate.name(), candidate.type(), candidate.settings(), status, foldScores.size(),
                    r.r2Mean(), r.r2Sd(), r.rmseMean(), seconds(candidateStart, nanoClock.getAsLong())));
            if (status.equals(COMPLETE) && r.r2Mean() > bestR2) {
                best = candidate;
                bestR2 = r.r2Mean();
            }
        }
        if (best == null) {
            best = candidates.get(0); // no candidate had a comparable score (e.g. NaN R2): the first listed
        }
        return new Selection(best.name(), scores, k, repeats, rows.size(), budgetSeconds, best);
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
                return RegressionScores.of(f.actual(), combined);
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
