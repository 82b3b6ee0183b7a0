package io.fitscore.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Spark's scratch space on a filesystem that fills up: a real 1 MiB tmpfs the test mounts (it needs
 * root, as CI runs; elsewhere it is skipped and says why). The run stops with exit 10 and one line
 * naming the folder and the free space; the earlier results stay, and the scratch folder is cleared.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class LocalDiskFullTest {

    private static final String BUCKET = "fitscore-disk";
    private static Path small;

    @BeforeAll
    static void mountASmallDisk() throws Exception {
        small = Files.createTempDirectory("fitscore-small-disk-");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        int code = mount.waitFor();
        if (code != 0) {
            Files.deleteIfExists(small);
            small = null;
        }
        Assumptions.assumeTrue(code == 0, "mounting a 1 MiB tmpfs needs root: " + said.strip());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (small != null) {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(small);
        }
    }

    @AfterEach
    void clearScratchSetting() {
        System.clearProperty("fitscore.spark.scratch-dir");
    }

    private static LaunchResult run(QuarkusMainLauncher launcher) {
        return launcher.launch("run", "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/art/", "--run-date", "2026-11-23");
    }

    private static Map<String, String> published() {
        Map<String, String> objects = new TreeMap<>();
        try (TestS3 s3 = S3ProxyExtension.client()) {
            for (String key : s3.keys(BUCKET, "")) {
                if (!key.startsWith("in/")) {
                    objects.put(key, s3.getString(BUCKET, key));
                }
            }
        }
        return objects;
    }

    @Test
    void aFullScratchDiskStopsTheRunWithItsExitCodeAndKeepsTheEarlierResults(QuarkusMainLauncher launcher) throws IOException {
        S3ProxyExtension.uploadMovieSample(BUCKET, 20_000, 37);
        LaunchResult first = run(launcher);
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        Map<String, String> before = published();
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<JsonNode> rows = Results.read(s3, BUCKET, "out/");
            assertTrue(rows.size() > 10_000, "the first run published its rows: " + rows.size());
        }

        System.setProperty("fitscore.spark.scratch-dir", small.toString());
        LaunchResult full = run(launcher);
        String error = full.getErrorOutput();
        System.out.println("DISK FULL " + error.lines().filter(l -> l.startsWith("fitscore: error:")).toList());
        assertEquals(10, full.exitCode(), error);
        List<String> lines = error.lines().filter(l -> l.startsWith("fitscore: error:")).toList();
        assertEquals(1, lines.size(), error);
        assertTrue(lines.get(0).contains(small.toString()) && lines.get(0).contains("the local disk is full")
                && lines.get(0).contains("a filesystem of 1 MiB") && lines.get(0).contains("[exit 10"), lines.get(0));
        assertTrue(!error.contains("\tat org.apache.spark"), "no stack trace: " + error);
        assertEquals(before, published(), "the earlier results and artifacts are untouched, no staging is left");
        try (Stream<Path> left = Files.list(small)) {
            assertEquals(List.of(), left.toList(), "the run's scratch folder is removed");
        }
    }
}
