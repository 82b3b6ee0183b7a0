package io.fitscore.spark;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.SparkContext;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;

import io.fitscore.aws.RequestAttempts;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What Spark did in a run (jobs, tasks, bytes read, shuffled and written), counted by a listener so a
 * plan that regresses (an extra pass over the input, a second shuffle) shows up in metrics.json; with the
 * S3 requests made meanwhile and the retries they took.
 */
public final class SparkWork extends SparkListener {

    /** The figures of a run; bytes as Spark's task metrics count them. */
    public record Figures(long jobs, long tasks, long inputBytes, long inputRecords, long shuffleWriteBytes,
            long shuffleReadBytes, long outputBytes, long spillBytes, S3Requests s3) {
    }

    /**
     * S3 requests of the run: fitscore's own client (validation, artifacts, publishing) with its attempts,
     * and s3a's (Spark's reads and writes) from s3a's own statistics. Retries (and, for fitscore's client,
     * throttled answers: 503 SlowDown or 429) are what a flaky or overloaded S3 cost the run.
     */
    public record S3Requests(RequestAttempts.Counts client, Map<String, Long> s3a) {
    }

    private final RequestAttempts.Counts s3AtStart = RequestAttempts.snapshot();
    private volatile List<String> buckets = List.of();
    // s3a's own "store_io_throttled" counts only HTTP 429 answers, not S3's 503 SlowDown, so it is left out
    // rather than reported as a misleading zero; its retries include the SlowDown ones.
    // Bytes read through s3a's input streams: against the inputs' size, how many times the run read them.
    private static final Map<String, String> S3A_COUNTERS = Map.of("store_io_request", "requests", "store_io_retry", "retries",
            "stream_read_bytes", "bytes_read");
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final AtomicLong inputBytes = new AtomicLong();
    private final AtomicLong inputRecords = new AtomicLong();
    private final AtomicLong shuffleWriteBytes = new AtomicLong();
    private final AtomicLong shuffleReadBytes = new AtomicLong();
    private final AtomicLong outputBytes = new AtomicLong();
    private final AtomicLong spillBytes = new AtomicLong();

    /** Starts counting on a live context. */
    public static SparkWork attach(SparkContext context) {
        SparkWork work = new SparkWork();
        context.addSparkListener(work);
        return work;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        tasks.incrementAndGet();
        TaskMetrics m = taskEnd.taskMetrics();
        if (m == null) {
            return;
        }
        inputBytes.addAndGet(m.inputMetrics().bytesRead());
        inputRecords.addAndGet(m.inputMetrics().recordsRead());
        shuffleWriteBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
        shuffleReadBytes.addAndGet(m.shuffleReadMetrics().totalBytesRead());
        outputBytes.addAndGet(m.outputMetrics().bytesWritten());
        spillBytes.addAndGet(m.diskBytesSpilled());
    }

    /**
     * The figures so far, after the listener bus has delivered what is queued (events arrive
     * asynchronously; waiting is bounded so a stuck bus never stops a run).
     */
    public Figures figures(SparkContext context) {
        try {
            // private[spark] in Scala, public in bytecode: the only way to know queued events are counted.
            context.listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(10));
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            // A timeout leaves the figures slightly short; they are still worth reporting.
        }
        return new Figures(jobs.get(), tasks.get(), inputBytes.get(), inputRecords.get(), shuffleWriteBytes.get(),
                shuffleReadBytes.get(), outputBytes.get(), spillBytes.get(),
                new S3Requests(RequestAttempts.since(s3AtStart), s3aCounters(context)));
    }

    void countRequestsTo(List<String> buckets) {
        this.buckets = buckets;
    }

    /**
     * s3a's request, retry and throttle counters of this run's buckets. Its filesystems are created per
     * run (and closed with the session), so their counters are this run's; on a cluster, the driver's.
     */
    private Map<String, Long> s3aCounters(SparkContext context) {
        Map<String, Long> sums = new LinkedHashMap<>();
        S3A_COUNTERS.forEach((name, label) -> sums.put(label, 0L));
        for (String bucket : buckets) {
            try {
                IOStatistics statistics = IOStatisticsSupport.retrieveIOStatistics(
                        FileSystem.get(URI.create("s3a://" + bucket + "/"), context.hadoopConfiguration()));
                if (statistics != null) {
                    S3A_COUNTERS.forEach((name, label) -> sums.merge(label, statistics.counters().getOrDefault(name, 0L), Long::sum));
                }
            } catch (IOException | RuntimeException e) {
                // no figures for this bucket rather than a failed run
            }
        }
        return sums;
    }
}
