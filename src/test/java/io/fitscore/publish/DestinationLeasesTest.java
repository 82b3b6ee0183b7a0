package io.fitscore.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.storage.LocalObjectStore;
import io.fitscore.storage.ObjectStore;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;

/**
 * The lease rule on local folders (the same ObjectStore calls as on S3; S3's conditional puts are
 * exercised against S3Proxy by ProcessFaultsIT): one holder per destination, waiting, take-over of a
 * dead run's lease, and a run that lost its lease refusing to publish.
 */
class DestinationLeasesTest {

    private static final DestinationLeases.Terms NO_WAIT = new DestinationLeases.Terms(Duration.ofSeconds(60), Duration.ZERO);

    @TempDir
    Path dir;

    private DestinationLeases leases() {
        DestinationLeases l = new DestinationLeases();
        l.store = new LocalObjectStore(); // local files only: its S3 client is never touched
        return l;
    }

    private StorageUri folder(String name) {
        return StorageUri.parse("test", dir.resolve(name).toUri().toString()).asPrefix();
    }

    @Test
    void aSecondRunOfTheSameDestinationStopsWithExitNineNamingTheHolder() throws Exception {
        DestinationLeases leases = leases();
        try (DestinationLeases.Held first = leases.acquire(List.of(folder("out"), folder("art/2026-11-21")), "run-a", "run", NO_WAIT)) {
            FitscoreException e = assertThrows(FitscoreException.class,
                    () -> leases.acquire(List.of(folder("art/2026-11-21"), folder("other")), "run-b", "run", NO_WAIT));
            assertEquals(ExitCode.CONCURRENT_RUN, e.exitCode());
            assertTrue(e.getMessage().startsWith(folder("art").resolve(".2026-11-21.lease") + ": another run (run-a, run on "), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was published"), e.getMessage());
            assertFalse(Files.exists(dir.resolve(".other.lease")), "the loser holds no lease of its other destinations");
            first.checkHeld();
        }
        assertFalse(Files.exists(dir.resolve(".out.lease")), "released at the end");
        assertFalse(Files.exists(dir.resolve("art/.2026-11-21.lease")), "released at the end");
        try (DestinationLeases.Held again = leases.acquire(List.of(folder("out")), "run-c", "run", NO_WAIT)) {
            again.checkHeld();
        }
    }

    @Test
    void aRunThatWaitsGetsTheLeaseWhenTheHolderEnds() throws Exception {
        DestinationLeases leases = leases();
        DestinationLeases.Held first = leases.acquire(List.of(folder("out")), "run-a", "run", NO_WAIT);
        CompletableFuture<DestinationLeases.Held> second = CompletableFuture.supplyAsync(() -> leases.acquire(List.of(folder("out")),
                "run-b", "run", new DestinationLeases.Terms(Duration.ofSeconds(60), Duration.ofSeconds(30))));
        Thread.sleep(1500);
        assertFalse(second.isDone(), "waits while the first run holds the lease");
        first.close();
        try (DestinationLeases.Held held = second.get(10, TimeUnit.SECONDS)) {
            assertTrue(Files.readString(dir.resolve(".out.lease")).contains("\"run_id\":\"run-b\""));
        }
    }

    @Test
    void aDeadRunsExpiredLeaseIsTakenOver() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        Files.writeString(dir.resolve(".out.lease"), "{\"run_id\":\"killed\",\"job\":\"run\",\"host\":\"h\",\"acquired\":\"" + past
                + "\",\"expires\":\"" + past.plusSeconds(300) + "\"}", StandardCharsets.UTF_8);
        try (DestinationLeases.Held held = leases().acquire(List.of(folder("out")), "run-b", "run", NO_WAIT)) {
            assertTrue(Files.readString(dir.resolve(".out.lease")).contains("\"run_id\":\"run-b\""));
        }
    }

    @Test
    void aRunWhoseLeaseWasTakenOverRefusesToPublish() throws Exception {
        DestinationLeases leases = leases();
        try (DestinationLeases.Held held = leases.acquire(List.of(folder("out")), "run-a", "run",
                new DestinationLeases.Terms(Duration.ofSeconds(3), Duration.ZERO))) {
            // Another run took the lease over (as it would after a long pause of this one).
            Files.writeString(dir.resolve(".out.lease"), "{\"run_id\":\"run-b\"}", StandardCharsets.UTF_8);
            Thread.sleep(2500); // one renewal period (a third of the time to live) and some
            FitscoreException e = assertThrows(FitscoreException.class, held::checkHeld);
            assertEquals(ExitCode.CONCURRENT_RUN, e.exitCode());
            assertTrue(e.getMessage().contains("taken over by another run"), e.getMessage());
            held.close();
            assertTrue(Files.readString(dir.resolve(".out.lease")).contains("run-b"), "the other run's lease is left alone");
        }
    }

    @Test
    void aLeaseNotRenewedWithinItsTimeToLiveNoLongerCounts() throws Exception {
        DestinationLeases leases = leases();
        leases.clock = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ZERO);
        DestinationLeases.Held held = leases.acquire(List.of(folder("out")), "run-a", "run",
                new DestinationLeases.Terms(Duration.ofSeconds(300), Duration.ZERO));
        held.checkHeld();
        leases.clock = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(301)); // a pause longer than the TTL
        FitscoreException e = assertThrows(FitscoreException.class, held::checkHeld);
        assertTrue(e.getMessage().contains("not renewed since"), e.getMessage());
        held.close();
    }
}
