package io.fitscore.report;

import java.util.List;
import java.util.Map;

import io.fitscore.ml.CrossValidation;
import io.fitscore.ml.RegressionScores;
import io.fitscore.spark.InputStats;

/** The content of metrics.json: what a run read, learnt, scored and wrote, and how long each stage took. */
public record RunReport(String fitscoreVersion, String runDate, String startedAt, String finishedAt, String output,
        String artifacts, String model, Rows rows, RegressionScores evaluation, RegressionScores baseline,
        CrossValidation.Result cv, Model trainer, Map<String, Double> seconds, Map<String, Object> config) {

    /** Row counts from reading to scoring. */
    public record Rows(List<InputStats> inputs, long joined, long collected, boolean sampled, int train, int test,
            int unlabelled, long scored) {
    }

    /** The trained model's kind and size. */
    public record Model(String type, String tribuoClass, int features) {
    }
}
