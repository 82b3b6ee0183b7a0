package io.fitscore.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.storage.LocalObjectStore;
import io.fitscore.storage.ObjectStore;
import io.fitscore.storage.StorageUri;

/** Promotion on local folders (the same ObjectStore calls as on S3): what ends up published, and when. */
class PublisherTest {

    @TempDir
    Path dir;

    private Publisher publisher() {
        Publisher p = new Publisher();
        p.store = new LocalObjectStore(); // local files only: its S3 client is never touched
        return p;
    }

    private StorageUri folder(String name) {
        return StorageUri.parse("test", dir.resolve(name).toUri().toString()).asPrefix();
    }

    private static List<String> write(Path folder, int parts, String content) throws Exception {
        Files.createDirectories(folder);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            String name = String.format("part-%05d-%s.json", i, content);
            Files.writeString(folder.resolve(name), content + i);
            names.add(name);
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");
        return names;
    }

    @Test
    void promotionReplacesEveryOldPartWithTheNewOnesAndRemovesStaging() throws Exception {
        write(dir.resolve("out"), 3, "old");
        List<String> fresh = write(dir.resolve(".out.staging-1"), 20, "new");
        publisher().promote(folder(".out.staging-1"), folder("out"), "_SUCCESS");

        List<String> published = new LocalObjectStore().list(folder("out"));
        List<String> expected = new ArrayList<>(fresh);
        expected.add("_SUCCESS");
        assertEquals(expected.stream().sorted().toList(), published.stream().sorted().toList());
        for (int i = 0; i < fresh.size(); i++) {
            assertEquals("new" + i, Files.readString(dir.resolve("out").resolve(fresh.get(i))));
        }
        assertFalse(Files.exists(dir.resolve(".out.staging-1")), "staging removed");
    }

    @Test
    void aCopyThatFailsStopsThePromotionBeforeTheMarkerComesBack() throws Exception {
        write(dir.resolve("out"), 2, "old");
        List<String> fresh = write(dir.resolve(".out.staging-2"), 12, "new");
        // A folder where one new part must go: that copy fails, while the other copies run beside it.
        Path blocker = dir.resolve("out").resolve(fresh.get(7));
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("x"), "in the way");

        assertThrows(RuntimeException.class, () -> publisher().promote(folder(".out.staging-2"), folder("out"), "_SUCCESS"));
        assertFalse(Files.exists(dir.resolve("out").resolve("_SUCCESS")),
                "the marker is removed first and written last, so a reader never takes this folder for complete");
        assertTrue(Files.exists(dir.resolve(".out.staging-2").resolve("_SUCCESS")), "staging is kept for the caller to discard");
    }
}
