package io.fitscore.ml;

import java.util.List;

/** A table row with its model prediction and the split it belonged to (train, test or unlabelled). */
public record ScoredRow(List<Object> values, Double target, double prediction, String split) {

    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String UNLABELLED = "unlabelled";
    /** Rows scored by a saved model, with no training split. */
    public static final String SCORED = "scored";
}
