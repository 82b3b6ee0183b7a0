package io.fitscore.testing;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fitscore.aws.AwsAccess;
import io.fitscore.spark.RunSession;
import io.fitscore.spark.SparkWork;

/**
 * A test class's Spark session, as a run of large inputs gets it (no small-data settings) on two local cores, with
 * a given number of shuffle partitions so that plans shuffle into several tasks. Started before the class's own
 * {@code @BeforeAll} methods, stopped after its {@code @AfterAll} ones:
 * {@code @RegisterExtension static final LocalSpark job = new LocalSpark(3);}
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {

    private final int shufflePartitions;
    private RunSession session;

    public LocalSpark(int shufflePartitions) {
        this.shufflePartitions = shufflePartitions;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> settings = Map.of("fitscore.spark.master", "local[2]", "fitscore.spark.shuffle-partitions",
                Integer.toString(shufflePartitions));
        session = RunSession.start(TestConfig.spark(settings), AwsAccess.decide(TestConfig.of(settings)), List.of(), Long.MAX_VALUE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.close();
    }

    public SparkSession spark() {
        return session.spark();
    }

    /** The Spark jobs and tasks the session ran so far. */
    public SparkWork.Figures work() {
        return session.work();
    }
}
