package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code fitscore.trainer.type=auto}: compares candidates by seeded k-fold CV on the training split only
 * (the holdout never influences the choice) and picks the best mean R2. Deterministic for a seed, with
 * one exception stated in the report: the wall-clock budget. The first candidate always completes; a
 * later one is skipped once the budget is spent, or abandoned when its first fold shows that its
 * remaining folds cannot finish within the budget.
 */
public final class AutoSelection {

    /** How one candidate fared. */
    public record CandidateScore(String name, String type, String settings, String status, int foldsRun, double r2Mean,
            double r2Sd, double rmseMean, double seconds) {
    }

    /** The winner and every candidate's score. */
    public record Selection(String winner, List<CandidateScore> candidates, int folds, int rows, double budgetSeconds,
            @JsonIgnore Candidate chosen) {
    }

    public static final String COMPLETE = "complete";
    public static final String OVER_BUDGET = "skipped: over budget";
    public static final String TOO_MANY_ROWS = "skipped: training split above its row limit";

    private AutoSelection() {
    }

    /**
     * @param trainRows the training split (never the holdout); above {@code maxRows} a seeded sample of it is compared
     * @param nanoClock the clock the budget is measured with ({@link System#nanoTime} in a run)
     */
    public static Selection choose(Table table, List<List<Object>> trainRows, FeatureSpec spec, List<Candidate> candidates, int folds,
            int maxRows, double budgetSeconds, long seed, String description, TrainingSteps steps, LongSupplier nanoClock) {
        List<List<Object>> rows = ModelTrainer.shuffled(trainRows, seed);
        if (rows.size() > maxRows) {
            rows = new ArrayList<>(rows.subList(0, maxRows));
        }
        int k = Math.min(folds, rows.size());
        long start = nanoClock.getAsLong();
        List<CandidateScore> scores = new ArrayList<>();
        Candidate best = null;
        double bestR2 = Double.NEGATIVE_INFINITY;
        int fits = 0;
        int totalFits = k * (int) candidates.stream().filter(c -> c.accepts(trainRows.size())).count();
        for (Candidate candidate : candidates) {
            long candidateStart = nanoClock.getAsLong();
            List<RegressionScores> foldScores = new ArrayList<>();
            boolean first = best == null;
            String status = COMPLETE;
            FeatureSpec candidateSpec = spec.withStandardisedTarget(candidate.standardiseTarget());
            if (!candidate.accepts(trainRows.size())) {
                // What it would cost is the final training on the whole split, which the comparison's sample does not show.
                scores.add(new CandidateScore(candidate.name(), candidate.type(), candidate.settings(),
                        TOO_MANY_ROWS + " (" + candidate.maxTrainingRows() + ")", 0, Double.NaN, Double.NaN, Double.NaN, 0));
                continue;
            }
            for (int fold = 0; fold < k; fold++) {
                double spent = seconds(start, nanoClock.getAsLong());
                double perFold = foldScores.isEmpty() ? 0 : seconds(candidateStart, nanoClock.getAsLong()) / foldScores.size();
                if (!first && (spent >= budgetSeconds || spent + perFold * (k - fold) > budgetSeconds)) {
                    status = OVER_BUDGET;
                    break;
                }
                steps.next(candidate.name() + " fold " + (fold + 1) + " of " + k, fits, totalFits);
                fits++;
                foldScores.add(CrossValidation.fold(table, candidateSpec, candidate.trainers(), rows, k, fold, seed,
                        description + " auto " + candidate.name() + " fold " + (fold + 1)));
            }
            CrossValidation.Result r = CrossValidation.Result.of(k, 1, foldScores);
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
        return new Selection(best.name(), scores, k, rows.size(), budgetSeconds, best);
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
