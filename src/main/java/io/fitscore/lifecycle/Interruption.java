package io.fitscore.lifecycle;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.sql.SparkSession;
import org.jboss.logging.Logger;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.spark.RunSession;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (what AWS Batch sends on timeout or cancel) during a run: the run is marked interrupted,
 * Spark's jobs are cancelled and the run thread interrupted, so the run stops at the next stage
 * boundary with exit code 8 and discards its staging. A stage that cannot be interrupted (Tribuo's
 * training loop) gets a grace period, after which the process halts with exit code 8.
 */
public final class Interruption implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Interruption.class);
    static final long GRACE_MILLIS = 20_000;

    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final Thread runThread;
    private final SignalHandler previous;
    private volatile SparkSession spark;
    private volatile Path scratch;
    private volatile boolean publishing;

    private Interruption(Thread runThread) {
        this.runThread = runThread;
        SignalHandler installed;
        try {
            installed = Signal.handle(new Signal("TERM"), signal -> onTerm());
        } catch (IllegalArgumentException unsupported) {
            installed = null;
        }
        this.previous = installed;
    }

    /** Watches for SIGTERM while the calling thread runs; close() restores the previous handler. */
    public static Interruption watch() {
        return new Interruption(Thread.currentThread());
    }

    /** The Spark side to cancel on SIGTERM, and its scratch folder to remove if the run must be halted. */
    public void attach(RunSession job) {
        SparkSession session = job.spark();
        this.scratch = job.scratch();
        this.spark = session;
        if (interrupted.get()) {
            session.sparkContext().cancelAllJobs();
        }
    }

    /**
     * Publishing runs to its end even when SIGTERM arrives meanwhile (it takes seconds, well inside
     * the grace period): stopping it halfway would leave a published folder without its marker.
     */
    public void publishing(Runnable publish) {
        check();
        publishing = true;
        try {
            publish.run();
        } finally {
            publishing = false;
        }
    }

    /** Called between stages: ends the run once SIGTERM has arrived. */
    public void check() {
        if (interrupted.get()) {
            throw new FitscoreException(ExitCode.INTERRUPTED, "interrupted by SIGTERM; nothing was published");
        }
    }

    public boolean interrupted() {
        return interrupted.get();
    }

    private void onTerm() {
        if (!interrupted.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("SIGTERM: stopping the run at the next stage boundary");
        SparkSession s = spark;
        if (s != null) {
            s.sparkContext().cancelAllJobs();
        }
        if (!publishing) {
            runThread.interrupt();
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
                LOG.errorf("The run did not stop within %d s of SIGTERM: halting", GRACE_MILLIS / 1000);
                System.err.println("fitscore: error: interrupted by SIGTERM; halted after " + GRACE_MILLIS / 1000
                        + " s in a stage that cannot be interrupted; nothing was published [exit 8: "
                        + ExitCode.INTERRUPTED.meaning() + "]");
                System.err.flush();
                if (scratch != null) {
                    RunSession.deleteScratch(scratch);
                }
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
            } catch (InterruptedException stoppedInTime) {
                Thread.currentThread().interrupt();
            }
        }, "fitscore-sigterm-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void close() {
        if (previous != null) {
            try {
                Signal.handle(new Signal("TERM"), previous);
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        }
        Thread.interrupted();
    }
}
