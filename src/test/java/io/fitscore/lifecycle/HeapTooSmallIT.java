package io.fitscore.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fitscore.sample.MovieSample;

/**
 * The packaged job in a JVM whose heap is too small: below Spark's floor, and too small for a large
 * training sample (1M movies, 470 MiB). Either way one line naming the heap and the stage, exit 10,
 * and the earlier results in the output folder untouched.
 */
class HeapTooSmallIT {

    private static Process start(Path dir, String heap, Path inputs, Path log, Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-jar", Path.of(System.getProperty("test.app.jar", "target/fitscore.jar")).toAbsolutePath().toString(),
                "run", "--run-date", "2026-11-24",
                "--inputs", inputs.resolve("pre_release.csv").toUri() + "," + inputs.resolve("after_release.csv").toUri(),
                "--output", dir.resolve("out").toUri().toString(), "--artifacts", dir.resolve("art").toUri().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FITSCORE_"));
        pb.environment().putAll(settings);
        return pb.start();
    }

    private static void write(Path folder, int movies) throws IOException {
        Files.createDirectories(folder);
        try (BufferedWriter pre = Files.newBufferedWriter(folder.resolve("pre_release.csv"));
                BufferedWriter after = Files.newBufferedWriter(folder.resolve("after_release.csv"))) {
            MovieSample.generate(movies, 41, pre, after);
        }
    }

    /** Every file under the results and artifacts with its content. */
    private static Map<String, String> published(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String folder : List.of("out", "art")) {
            try (Stream<Path> walk = Files.walk(dir.resolve(folder))) {
                // A lease is bookkeeping, not a result: a run halted for want of heap leaves its own to expire.
                for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".lease")).toList()) {
                    files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    private static List<String> errorLines(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("fitscore: error:")).toList();
    }

    @Test
    void aHeapTooSmallEndsTheRunWithExit10AndKeepsTheEarlierResults() throws Exception {
        Path dir = Files.createTempDirectory("fitscore-heap-");
        write(dir.resolve("small"), 1500);
        write(dir.resolve("large"), 1_000_000);
        Path log = Files.createTempFile("fitscore-heap", ".log");

        Process first = start(dir, "1g", dir.resolve("small"), log, Map.of());
        assertTrue(first.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(log));
        Map<String, String> before = published(dir);
        assertTrue(before.keySet().stream().anyMatch(k -> k.endsWith("_SUCCESS")), before.keySet().toString());

        // Below Spark's floor of 450 MiB: stopped as Spark starts.
        Process tiny = start(dir, "300m", dir.resolve("large"), log, Map.of());
        assertTrue(tiny.waitFor(300, TimeUnit.SECONDS));
        List<String> tinyLines = errorLines(log);
        System.out.println("HEAP 300m: exit " + tiny.exitValue() + " " + tinyLines);
        assertEquals(10, tiny.exitValue(), Files.readString(log));
        assertEquals(1, tinyLines.size(), tinyLines.toString());
        assertTrue(tinyLines.get(0).contains("the JVM's heap (300 MiB) is below Spark's minimum") && tinyLines.get(0).contains("[exit 10"),
                tinyLines.get(0));

        // Enough for Spark, not for all 538,000 joined rows of 1M movies as training rows (smaller shuffle partitions get
        // the join through).
        long start = System.nanoTime();
        Process small = start(dir, "470m", dir.resolve("large"), log, Map.of("FITSCORE_SPARK_BYTES_PER_SHUFFLE_PARTITION", "16777216",
                "FITSCORE_TRAIN_MAX_ROWS", "1000000"));
        assertTrue(small.waitFor(600, TimeUnit.SECONDS));
        List<String> lines = errorLines(log);
        System.out.printf("HEAP 470m: exit %d after %.1f s %s%n", small.exitValue(), (System.nanoTime() - start) / 1e9, lines);
        assertEquals(10, small.exitValue(), Files.readString(log));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("fitscore: error: the JVM's heap \\(4\\d\\d MiB\\) ran out during (stage [a-z-]+ of )?the (run|command) .*"
                + "give the job more memory .*nothing was published \\[exit 10: .*"), lines.get(0));

        assertEquals(before, published(dir), "the earlier results and artifacts are untouched");
        deleteAll(dir); // 210 MB of generated input
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
