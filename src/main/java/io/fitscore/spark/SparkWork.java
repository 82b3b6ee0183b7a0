package io.fitscore.spark;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What Spark did in a run (jobs, tasks, bytes read, shuffled and written), counted by a listener so a
 * plan that regresses (an extra pass over the input, a second shuffle) shows up in metrics.json.
 */
public final class SparkWork extends SparkListener {

    /** The figures of a run; bytes as Spark's task metrics count them. */
    public record Figures(long jobs, long tasks, long inputBytes, long inputRecords, long shuffleWriteBytes,
            long shuffleReadBytes, long outputBytes, long spillBytes) {
    }

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
                shuffleReadBytes.get(), outputBytes.get(), spillBytes.get());
    }
}
