package io.fitscore.testing;

import java.util.List;
import java.util.Map;

import io.fitscore.aws.AwsAccess;
import io.fitscore.spark.RunSession;

/** Spark sessions for tests: a run's own session on two local cores, with the run's settings. */
public final class TestSessions {

    private TestSessions() {
    }

    /**
     * A session as a run of large inputs gets it (no small-data settings), with {@code shufflePartitions} partitions,
     * so that plans shuffle into several tasks. The caller closes it.
     */
    public static RunSession local(int shufflePartitions) {
        Map<String, String> settings = Map.of("fitscore.spark.master", "local[2]", "fitscore.spark.shuffle-partitions",
                Integer.toString(shufflePartitions));
        return RunSession.start(TestConfig.spark(settings), AwsAccess.decide(TestConfig.of(settings)), List.of(), Long.MAX_VALUE);
    }
}
