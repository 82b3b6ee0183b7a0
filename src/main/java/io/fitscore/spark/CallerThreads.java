package io.fitscore.spark;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Work started on a thread of its own that loads classes as its caller does: Spark and Hadoop find data
 * sources and filesystems through the thread's context class loader, which under Quarkus is not the
 * system one a fresh thread (or the common pool) would have.
 */
public final class CallerThreads {

    private CallerThreads() {
    }

    /** Runs {@code work} on a new daemon thread named {@code name}; the future completes with its result or failure. */
    public static <T> CompletableFuture<T> supply(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Thread thread = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** The work's result, waiting for it; a runtime exception of the work is rethrown as it threw it. */
    public static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
