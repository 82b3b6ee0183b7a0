package io.fitscore.ml;

/**
 * Told before each step of a training stage that fits several models (a cross-validation fold, a candidate's
 * fold in auto): the run uses it to stop an interrupted run between fits and to report how far the stage is.
 */
@FunctionalInterface
public interface TrainingSteps {

    /** Nobody listens. */
    TrainingSteps NONE = (step, done, total) -> {
    };

    /**
     * @param step what is fitted next, e.g. "xgboost fold 2 of 3"
     * @param done fits of this stage finished so far
     * @param total fits this stage plans (auto's time budget may end it sooner)
     */
    void next(String step, int done, int total);
}
