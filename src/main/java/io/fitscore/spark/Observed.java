package io.fitscore.spark;

import java.util.Map;

import org.apache.spark.sql.Observation;

import io.fitscore.spark.line.SparkLine;

/** The figures a Spark {@link Observation} collected on a pass that has run. */
public final class Observed {

    private static final long WAIT_SECONDS = 60;

    private Observed() {
    }

    /** The observation's figures by name; fails if they do not arrive within a minute of the pass that made them. */
    public static Map<String, Object> figures(Observation observation) {
        try {
            return SparkLine.figures(observation, WAIT_SECONDS);
        } catch (Exception e) {
            // The observed pass ran (an action on it returned), so its figures are due: their absence is a bug.
            throw new IllegalStateException("Spark did not report the observed counts of " + observation.name(), e);
        }
    }
}
