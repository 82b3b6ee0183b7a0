package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import io.fitscore.aws.AwsAccess;
import io.fitscore.testing.TestConfig;

/**
 * A Spark context that was running before the run (a notebook's, a managed runtime's shared one) is used by the run
 * and left running after it; one the run started is stopped.
 */
class SharedContextTest {

    private static RunSession runSession() {
        Map<String, String> settings = Map.of("fitscore.spark.master", "local[1]");
        return RunSession.start(TestConfig.spark(settings), AwsAccess.decide(TestConfig.of(settings)), List.of(), Long.MAX_VALUE);
    }

    @Test
    void aContextRunningBeforeTheRunIsUsedAndLeftRunning() {
        SparkSession theirs = SparkSession.builder().master("local[1]").appName("someone else's").config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            SparkContext context = theirs.sparkContext();
            RunSession run = runSession();
            assertSame(context, run.spark().sparkContext(), "the run joins the running context");
            assertEquals(3, run.spark().range(3).count());
            run.close();
            assertFalse(context.isStopped(), "the run stopped a context it did not start");
            assertEquals(2, theirs.range(2).count(), "the context's owner can go on using it");
        } finally {
            theirs.stop();
        }
    }

    @Test
    void aContextTheRunStartedIsStopped() {
        RunSession run = runSession();
        SparkContext context = run.spark().sparkContext();
        run.close();
        assertTrue(context.isStopped());
    }
}
