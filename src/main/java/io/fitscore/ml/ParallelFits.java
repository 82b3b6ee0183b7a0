package io.fitscore.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs numbered fits (cross-validation folds) on a few worker threads, handing them out in number order, so
 * what is told before each fit and every result are the same whatever the threads' timing. A gate, asked
 * under the hand-out lock before each fit, may stop further fits (a time budget, an interrupted run).
 */
final class ParallelFits {

    /** Asked before fit {@code next} starts, with the number of fits finished so far; false hands out no more. */
    @FunctionalInterface
    interface Gate {
        boolean admit(int next, int finished);
    }

    private final int count;
    private final Gate gate;
    private int next;
    private int finished;
    private boolean stopped;

    private ParallelFits(int count, Gate gate) {
        this.count = count;
        this.gate = gate;
    }

    /**
     * Results by fit number, null for fits the gate stopped. A failed fit (or gate) stops the hand-out and
     * is rethrown once every worker has stopped, so no fit outlives the call.
     */
    static <T> List<T> run(int count, int workers, Gate gate, IntFunction<T> fit) {
        ParallelFits fits = new ParallelFits(count, gate);
        Object[] results = new Object[count];
        Runnable work = () -> fits.work(fit, results);
        if (workers <= 1 || count <= 1) {
            work.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, count), ParallelFits::daemon);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < Math.min(workers, count); w++) {
                    running.add(pool.submit(work));
                }
                RuntimeException failure = null;
                for (Future<?> f : running) {
                    failure = firstFailure(failure, f);
                }
                if (failure != null) {
                    throw failure;
                }
            } finally {
                pool.shutdownNow();
            }
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) Arrays.asList(results);
        return out;
    }

    private void work(IntFunction<?> fit, Object[] results) {
        try {
            for (int i = take(); i >= 0; i = take()) {
                Object result = fit.apply(i);
                synchronized (this) {
                    results[i] = result;
                    finished++;
                }
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                stopped = true;
            }
            throw e;
        }
    }

    private synchronized int take() {
        if (stopped || next >= count || !gate.admit(next, finished)) {
            stopped = true;
            return -1;
        }
        return next++;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "fitscore-fit");
        thread.setDaemon(true);
        return thread;
    }

    private static RuntimeException firstFailure(RuntimeException earlier, Future<?> f) {
        try {
            f.get();
            return earlier;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return earlier != null ? earlier : new IllegalStateException("interrupted while waiting for a fit", e);
        } catch (ExecutionException e) {
            if (earlier != null) {
                return earlier;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
