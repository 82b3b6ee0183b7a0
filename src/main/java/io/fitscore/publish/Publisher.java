package io.fitscore.publish;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fitscore.storage.ObjectStore;
import io.fitscore.storage.StorageUri;

/**
 * Replaces a published folder with a completely written staging folder. Nothing in the published
 * folder changes until the new version is complete, so a failed or killed run leaves the previous
 * version intact. S3 has no atomic rename of many objects, so the switch itself is ordered:
 * the completion marker goes first, new files are copied in, old ones deleted, and the marker is
 * written last; a reader that waits for the marker never takes a mix of versions for a complete one.
 */
@ApplicationScoped
public class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class);
    /** Server-side copies in flight at once: well under the S3 client's connection pool (50). */
    private static final int PARALLEL_REQUESTS = 8;

    @Inject
    ObjectStore store;

    /**
     * @param marker the file whose presence says the folder is complete (Spark's _SUCCESS, or metrics.json)
     */
    public void promote(StorageUri staging, StorageUri published, String marker) {
        List<String> fresh = store.list(staging);
        if (!fresh.contains(marker)) {
            throw new IllegalStateException("staging " + staging + " has no " + marker + ": it is not complete");
        }
        List<String> old = store.list(published);
        Set<String> keep = new HashSet<>(fresh);
        store.delete(published.resolve(marker));
        inParallel(fresh.stream().filter(name -> !name.equals(marker))
                .<Runnable>map(name -> () -> store.copy(staging.resolve(name), published.resolve(name))).toList());
        inParallel(old.stream().filter(name -> !keep.contains(name))
                .<Runnable>map(name -> () -> store.delete(published.resolve(name))).toList());
        store.copy(staging.resolve(marker), published.resolve(marker));
        discard(staging);
        LOG.infof("Published %d files to %s (replaced %d)", fresh.size(), published, old.size());
    }

    /**
     * Runs the copies (or deletes) of one step side by side: each is a server-side request that waits
     * on S3, not on this machine, so one after another would leave the time of a many-part result
     * to the number of parts. All of them end before the next step; the first failure is rethrown.
     */
    private static void inParallel(List<Runnable> requests) {
        if (requests.size() <= 1) {
            requests.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_REQUESTS, requests.size()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable r : requests) {
                running.add(pool.submit(r));
            }
            RuntimeException first = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Removes a staging folder; used after promotion and when a run fails. Never throws. */
    public void discard(StorageUri staging) {
        try {
            store.deleteFolder(staging);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the staging folder %s: %s", staging, e.getMessage());
        }
    }
}
