package io.fitscore.publish;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fitscore.aws.ObjectStore;
import io.fitscore.aws.StorageUri;

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
        for (String name : fresh) {
            if (!name.equals(marker)) {
                store.copy(staging.resolve(name), published.resolve(name));
            }
        }
        for (String name : old) {
            if (!keep.contains(name)) {
                store.delete(published.resolve(name));
            }
        }
        store.copy(staging.resolve(marker), published.resolve(marker));
        discard(staging);
        LOG.infof("Published %d files to %s (replaced %d)", fresh.size(), published, old.size());
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
