package io.fitscore.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.fitscore.storage.ObjectStore;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.storage.StorageUri;
import io.fitscore.json.JsonDocuments;

/**
 * One run at a time per destination folder. Two runs of the same run date (an AWS Batch retry while the
 * first still runs, a double submit) would otherwise publish into the same folders at once and leave a
 * mix. Each destination gets a lease object beside it ({@code parent/.name.lease}), created only if
 * absent (S3's conditional put) and renewed with If-Match while the run lives; a lease not renewed for
 * its time to live belongs to a dead run and is taken over with If-Match on the ETag read, so of two
 * runs racing for it exactly one wins. The loser stops before it spends anything, with exit 9.
 */
@ApplicationScoped
public class DestinationLeases {

    private static final Logger LOG = Logger.getLogger(DestinationLeases.class);
    private static final ObjectMapper JSON = JsonDocuments.MAPPER;
    /** A lease is one short line, as other runs and people read it. */
    private static final ObjectWriter COMPACT = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final String CONTENT_TYPE = "application/json";
    private static final Duration POLL = Duration.ofSeconds(2);

    @Inject
    ObjectStore store;

    Clock clock = Clock.systemUTC();

    /** The rule a run follows: how long a lease lives without renewal, how long to wait for another run's. */
    public record Terms(Duration ttl, Duration patience) {
    }

    /**
     * Takes the lease of every destination, in a fixed order (so two runs never hold one each and wait
     * on the other), or none of them.
     *
     * @throws FitscoreException exit 9 when another live run holds one after waiting {@code terms.patience()}
     */
    public Held acquire(List<StorageUri> destinations, String runId, String job, Terms terms) {
        List<StorageUri> leases = destinations.stream().map(StorageUri::leaseSibling).distinct()
                .sorted(java.util.Comparator.comparing(StorageUri::toString)).toList();
        Held held = new Held(runId, job, terms);
        try {
            for (StorageUri lease : leases) {
                held.take(lease);
            }
            held.startRenewing();
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** The leases one run holds; closing it stops renewing and deletes them (only if still ours). */
    public final class Held implements AutoCloseable {
        private final String runId;
        private final String job;
        private final Terms terms;
        private final Map<StorageUri, String> etags = new LinkedHashMap<>();
        private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fitscore-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        private volatile Instant validUntil = Instant.MAX;
        private volatile String lost;

        private Held(String runId, String job, Terms terms) {
            this.runId = runId;
            this.job = job;
            this.terms = terms;
        }

        private void take(StorageUri lease) {
            Instant giveUp = clock.instant().plus(terms.patience());
            boolean told = false;
            while (true) {
                Instant now = clock.instant();
                Optional<String> created = store.createIfAbsent(lease, body(now), CONTENT_TYPE);
                if (created.isPresent()) {
                    etags.put(lease, created.get());
                    validUntil = min(validUntil, now.plus(terms.ttl()));
                    return;
                }
                Optional<ObjectStore.Versioned> current = store.getIfExists(lease);
                if (current.isEmpty()) {
                    continue; // released between our put and our read: try again at once
                }
                Holder holder = Holder.parse(current.get().content());
                if (holder.expires().isBefore(now)) {
                    Optional<String> taken = store.replaceIfMatch(lease, body(now), CONTENT_TYPE, current.get().etag());
                    if (taken.isPresent()) {
                        LOG.warnf("Took over %s: run %s (%s on %s) stopped renewing it at %s", lease, holder.runId(), holder.job(),
                                holder.host(), holder.expires());
                        etags.put(lease, taken.get());
                        validUntil = min(validUntil, now.plus(terms.ttl()));
                        return;
                    }
                    continue; // another run took it over first: read again
                }
                if (!now.isBefore(giveUp)) {
                    throw new FitscoreException(ExitCode.CONCURRENT_RUN, lease + ": another run (" + holder.runId() + ", " + holder.job()
                            + " on " + holder.host() + ", since " + holder.acquired() + ") is publishing to the same folder; its lease lasts until "
                            + holder.expires() + " unless renewed. Nothing was published; rerun after it ends"
                            + (terms.patience().isZero() ? " (or set fitscore.lease.wait-seconds to wait for it)" : " (waited " + terms.patience().toSeconds() + " s)"));
                }
                if (!told) {
                    LOG.infof("Waiting up to %d s for run %s (%s on %s) to release %s (its lease lasts until %s unless renewed)",
                            Duration.between(now, giveUp).toSeconds(), holder.runId(), holder.job(), holder.host(), lease, holder.expires());
                    told = true;
                }
                sleep(min(giveUp, now.plus(POLL)), now);
            }
        }

        private void startRenewing() {
            long period = Math.max(1, terms.ttl().toMillis() / 3);
            renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        private void renew() {
            Instant now = clock.instant();
            for (Map.Entry<StorageUri, String> lease : etags.entrySet()) {
                try {
                    Optional<String> renewed = store.replaceIfMatch(lease.getKey(), body(now), CONTENT_TYPE, lease.getValue());
                    if (renewed.isEmpty()) {
                        lost = lease.getKey() + ": this run's lease was taken over by another run (it was not renewed in time)";
                        return;
                    }
                    lease.setValue(renewed.get());
                } catch (RuntimeException e) {
                    // S3 unreachable for a moment: the lease still counts until validUntil; the next round tries again.
                    LOG.debugf("Lease renewal of %s failed: %s", lease.getKey(), e.getMessage());
                    return;
                }
            }
            validUntil = now.plus(terms.ttl());
        }

        /**
         * Called just before publishing: a run whose lease was taken over, or not renewed within its time
         * to live (a long pause, S3 unreachable), may no longer be the only one, so it publishes nothing.
         */
        public void checkHeld() {
            String why = lost;
            if (why == null && !clock.instant().isBefore(validUntil)) {
                why = "this run's leases were not renewed since " + validUntil.minus(terms.ttl()) + " (time to live " + terms.ttl().toSeconds() + " s)";
            }
            if (why != null) {
                throw new FitscoreException(ExitCode.CONCURRENT_RUN, why + "; nothing was published, another run may be publishing");
            }
        }

        @Override
        public void close() {
            renewer.shutdownNow();
            try {
                renewer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Map.Entry<StorageUri, String> lease : etags.entrySet()) {
                try {
                    store.deleteIfMatch(lease.getKey(), lease.getValue());
                } catch (RuntimeException e) {
                    // It expires by itself after its time to live.
                    LOG.debugf("Lease %s not released: %s", lease.getKey(), e.getMessage());
                }
            }
            etags.clear();
        }

        private byte[] body(Instant now) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("run_id", runId);
            b.put("job", job);
            b.put("host", HOST);
            b.put("pid", ProcessHandle.current().pid());
            b.put("acquired", acquired(now).toString());
            b.put("expires", now.plus(terms.ttl()).toString());
            try {
                return COMPACT.writeValueAsBytes(b);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private Instant acquiredAt;

        private Instant acquired(Instant now) {
            if (acquiredAt == null) {
                acquiredAt = now;
            }
            return acquiredAt;
        }
    }

    /** The lease settings every job is checked for, in the config stage with its own. */
    public static void checkTerms(LeaseConfig lease, List<Problem> problems) {
        if (lease.ttlSeconds() < 5 || lease.waitSeconds() < 0) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.lease.ttl-seconds must be at least 5 and fitscore.lease.wait-seconds at least 0, got "
                    + lease.ttlSeconds() + " and " + lease.waitSeconds()));
        }
    }

    /** What a lease object says about the run holding it. */
    record Holder(String runId, String job, String host, Instant acquired, Instant expires) {
        static Holder parse(byte[] content) {
            try {
                var node = JSON.readTree(content);
                return new Holder(node.path("run_id").asText("?"), node.path("job").asText("?"), node.path("host").asText("?"),
                        Instant.parse(node.path("acquired").asText()), Instant.parse(node.path("expires").asText()));
            } catch (IOException | RuntimeException e) {
                // Not a lease we understand (hand-written, truncated): treat it as expired rather than block forever.
                return new Holder("unknown", "unknown", "unknown", Instant.EPOCH, Instant.EPOCH);
            }
        }
    }

    private static final String HOST = hostName();

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void sleep(Instant until, Instant now) {
        try {
            Thread.sleep(Math.max(1, Duration.between(now, until).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FitscoreException(ExitCode.INTERRUPTED, "interrupted while waiting for another run's lease; nothing was published", e);
        }
    }
}
