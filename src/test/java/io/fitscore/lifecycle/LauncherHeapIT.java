package io.fitscore.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher (target/fitscore) with its real JVM: the max heap the JVM itself reports (-Xlog:gc+init) on
 * this machine and on machines and containers shown to the script through FITSCORE_SYSTEM_ROOT; and
 * {@code fitscore sample} running out of heap: one line, exit 10, no sample file left behind.
 */
class LauncherHeapIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("test.app.launcher", "target/fitscore")).toAbsolutePath();
    private static final long GIB_KB = 1024 * 1024;

    @TempDir
    Path work;

    private record Outcome(int exit, String output) {
    }

    private static Outcome launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("FITSCORE_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running");
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The JVM's own "Heap Max Capacity", in MiB. */
    private static long maxHeapMiB(Map<String, String> env) throws Exception {
        Map<String, String> withLog = new java.util.HashMap<>(env);
        withLog.put("FITSCORE_JAVA_OPTS", "-Xlog:gc+init");
        Outcome version = launch(withLog, "--version");
        assertEquals(0, version.exit(), version.output());
        Matcher m = Pattern.compile("Heap Max Capacity: (\\d+)([MG])").matcher(version.output());
        assertTrue(m.find(), version.output());
        long value = Long.parseLong(m.group(1));
        return m.group(2).equals("G") ? value * 1024 : value;
    }

    private Path machine(String name, long memTotalKb, String memoryMax) throws IOException {
        Path root = work.resolve(name);
        Files.createDirectories(root.resolve("proc/self"));
        Files.createDirectories(root.resolve("sys/fs/cgroup"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       " + memTotalKb + " kB\n");
        Files.writeString(root.resolve("proc/self/cgroup"), "0::/\n");
        Files.writeString(root.resolve("sys/fs/cgroup/memory.max"), memoryMax + "\n");
        return root;
    }

    private static void assertAbout(long expectedMiB, long actualMiB, String what) {
        assertTrue(Math.abs(actualMiB - expectedMiB) <= expectedMiB / 100 + 8, what + ": " + actualMiB + " MiB, expected about "
                + expectedMiB);
    }

    @Test
    void theJvmGetsThreeQuartersOfTheMachineOrContainer() throws Exception {
        assertAbout(18_078, maxHeapMiB(Map.of("FITSCORE_SYSTEM_ROOT", machine("m24", 24_683_784, "max").toString())),
                "a 24 GiB machine");
        assertAbout(4_608, maxHeapMiB(Map.of("FITSCORE_SYSTEM_ROOT", machine("c6", 24_683_784, "6442450944").toString())),
                "a container given 6 GiB");
        assertAbout(31_744, maxHeapMiB(Map.of("FITSCORE_SYSTEM_ROOT", machine("m256", 256 * GIB_KB, "max").toString())),
                "a 256 GiB machine (capped for compressed pointers)");
        assertAbout(8_192, maxHeapMiB(Map.of("FITSCORE_HEAP", "8g")), "FITSCORE_HEAP=8g");

        // This machine as it is, when no cgroup limit below its memory applies (as on the machines CI runs on).
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        if (!limitedByACgroup(memTotalKb)) {
            assertAbout(Math.min(31_744, memTotalKb * 3 / 4 / 1024), maxHeapMiB(Map.of()), "this machine");
        }
    }

    private static boolean limitedByACgroup(long memTotalKb) throws IOException {
        for (String file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            Path path = Path.of(file);
            if (Files.isReadable(path)) {
                String value = Files.readString(path).trim();
                if (value.matches("\\d{1,18}") && Long.parseLong(value) / 1024 < memTotalKb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void sampleOutOfHeapSaysSoInOneLineAndLeavesNoFile() throws Exception {
        Path dir = work.resolve("sample");
        Outcome ok = launch(Map.of("FITSCORE_HEAP", "256m"), "sample", "--movies", "300", "--dir", dir.toString());
        assertEquals(0, ok.exit(), ok.output());
        String before = Files.readString(dir.resolve("pre_release.csv"));

        // Every title is remembered (remakes reuse them): two million do not fit in 96 MiB.
        Outcome out = launch(Map.of("FITSCORE_HEAP", "96m"), "sample", "--movies", "2000000", "--dir", dir.toString());
        List<String> errors = out.output().lines().filter(l -> l.startsWith("fitscore: error:")).toList();
        assertEquals(10, out.exit(), out.output());
        assertEquals(1, errors.size(), out.output());
        assertTrue(errors.get(0).matches("fitscore: error: the JVM's heap \\(\\d+ MiB\\) ran out while fitscore sample generated movies"
                + " data in .*; give the job more memory .*FITSCORE_HEAP.*; no sample file was written \\[exit 10: .*"), errors.get(0));
        assertFalse(out.output().contains("\tat "), "no stack trace: " + out.output());
        assertEquals(before, Files.readString(dir.resolve("pre_release.csv")), "the earlier sample is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("after_release.csv", "pre_release.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
