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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's heap choice, from the real script (src/main/launcher/fitscore) shown machines and containers of
 * other sizes through FITSCORE_SYSTEM_ROOT, with a stand-in JVM that prints the options it was given. Each case runs
 * once with every awk installed here (mawk, Debian's default, and gawk), first on the PATH: the heap must not depend
 * on which one a machine has.
 */
class LauncherHeapTest {

    private static final Path LAUNCHER = Path.of("src/main/launcher/fitscore");
    private static final long GIB_KB = 1024 * 1024;
    /** What a 24 GiB machine of this project's kind reports as MemTotal. */
    private static final long MACHINE_24_KB = 24_683_784;
    /** cgroup v1's "no limit": 2^63 rounded down to a page. */
    private static final String V1_UNLIMITED = "9223372036854771712";

    @TempDir
    static Path work;

    private static Path fakeJava;
    private static final List<Path> AWK_PATHS = new ArrayList<>();

    @BeforeAll
    static void standIns() throws IOException {
        fakeJava = work.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\"\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        for (String awk : List.of("mawk", "gawk")) {
            Path real = Path.of("/usr/bin", awk);
            if (Files.isExecutable(real)) {
                Path bin = Files.createDirectories(work.resolve("bin-" + awk));
                Path wrapper = bin.resolve("awk");
                Files.writeString(wrapper, "#!/bin/sh\nexec " + real + " \"$@\"\n");
                assertTrue(wrapper.toFile().setExecutable(true));
                AWK_PATHS.add(bin);
            }
        }
        assertFalse(AWK_PATHS.isEmpty(), "neither mawk nor gawk is installed");
        System.out.println("launcher heap cases run with: " + AWK_PATHS.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** A stand-in for / : /proc/meminfo, /proc/self/cgroup and the files under /sys/fs/cgroup the case names. */
    private static Path machine(String name, long memTotalKb, String procSelfCgroup, Map<String, String> cgroupFiles) throws IOException {
        Path root = work.resolve(name);
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       " + memTotalKb + " kB\nMemFree:        1000 kB\n"
                + "MemAvailable:   " + memTotalKb / 2 + " kB\n");
        if (procSelfCgroup != null) {
            Files.writeString(root.resolve("proc/self/cgroup"), procSelfCgroup);
        }
        for (Map.Entry<String, String> file : cgroupFiles.entrySet()) {
            Path path = root.resolve("sys/fs/cgroup").resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue() + "\n");
        }
        return root;
    }

    /** The -Xmx the launcher gives the JVM, the same with every awk. */
    private static String heapOf(Path root, Map<String, String> env) throws Exception {
        String seen = null;
        for (Path awkBin : AWK_PATHS) {
            ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--version").redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("FITSCORE_"));
            pb.environment().put("PATH", awkBin + ":/usr/bin:/bin");
            pb.environment().put("FITSCORE_JAVA", fakeJava.toString());
            if (root != null) {
                pb.environment().put("FITSCORE_SYSTEM_ROOT", root.toString());
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            Matcher m = Pattern.compile("-Xmx(\\S+)").matcher(out);
            String heap = m.find() ? m.group(1) : "none";
            if (seen != null) {
                assertEquals(seen, heap, "another heap with " + awkBin.getFileName() + ": " + out);
            }
            seen = heap;
        }
        return seen;
    }

    private static String heapOf(Path root) throws Exception {
        return heapOf(root, Map.of());
    }

    private static String mib(long kb) {
        return kb * 3 / 4 / 1024 + "m";
    }

    @Test
    void withoutALimitTheHeapIsThreeQuartersOfTheMachineUpTo31GiB() throws Exception {
        String noLimit = "1:memory:/\n0::/\n";
        assertEquals("1536m", heapOf(machine("m2", 2 * GIB_KB, noLimit, Map.of())));
        assertEquals("18078m", heapOf(machine("m24", MACHINE_24_KB, noLimit, Map.of())), "24 GiB machine: about 18 GB");
        assertEquals("31744m", heapOf(machine("m256", 256 * GIB_KB, noLimit, Map.of())), "capped below 32 GB for compressed pointers");
        // No /proc/self/cgroup and no cgroup files at all.
        assertEquals(mib(MACHINE_24_KB), heapOf(machine("bare", MACHINE_24_KB, null, Map.of())));
    }

    @Test
    void aCgroupV2LimitIsObeyedAndMaxMeansNone() throws Exception {
        assertEquals("4608m", heapOf(machine("v2-6g", MACHINE_24_KB, "0::/\n", Map.of("memory.max", "6442450944"))),
                "a container given 6 GiB");
        assertEquals("31744m", heapOf(machine("v2-64g-of-256",
                256 * GIB_KB, "0::/\n", Map.of("memory.max", Long.toString(64 * GIB_KB * 1024)))), "64 GiB of 256: capped");
        assertEquals("12288m", heapOf(machine("v2-16g-of-256", 256 * GIB_KB, "0::/\n", Map.of("memory.max",
                Long.toString(16 * GIB_KB * 1024)))), "16 GiB on a 256 GiB host");
        assertEquals("18078m", heapOf(machine("v2-max", MACHINE_24_KB, "0::/\n", Map.of("memory.max", "max"))));
        // A limit above the machine's memory: the machine's.
        assertEquals("18078m", heapOf(machine("v2-above", MACHINE_24_KB, "0::/\n", Map.of("memory.max", Long.toString(64 * GIB_KB * 1024)))));
        // Nested: the job's own group has no limit, its parent has (systemd slices, a Batch compute environment's groups).
        assertEquals("6144m", heapOf(machine("v2-nested", 256 * GIB_KB, "0::/batch/job-1\n", Map.of(
                "batch/memory.max", Long.toString(8 * GIB_KB * 1024), "batch/job-1/memory.max", "max"))));
    }

    @Test
    void aCgroupV1LimitIsObeyedAndItsUnlimitedValueMeansNone() throws Exception {
        assertEquals("4608m", heapOf(machine("v1-6g", MACHINE_24_KB, "4:memory:/\n0::/\n",
                Map.of("memory/memory.limit_in_bytes", "6442450944"))));
        assertEquals("18078m", heapOf(machine("v1-unlimited", MACHINE_24_KB, "4:memory:/\n0::/\n",
                Map.of("memory/memory.limit_in_bytes", V1_UNLIMITED))));
        // This machine's own layout: a hybrid host, the process in a sub-group with no limit of its own.
        assertEquals("18078m", heapOf(machine("v1-hybrid", MACHINE_24_KB, "9:name=systemd:/\n4:memory:/process_api/abc\n0::/\n",
                Map.of("memory/memory.limit_in_bytes", V1_UNLIMITED, "memory/process_api/abc/memory.limit_in_bytes", V1_UNLIMITED))));
        // Docker without a cgroup namespace: /proc/self/cgroup names the host's path, /sys/fs/cgroup/memory is the container's own.
        assertEquals("3072m", heapOf(machine("v1-docker", 256 * GIB_KB, "4:memory:/docker/0123abcd\n",
                Map.of("memory/memory.limit_in_bytes", Long.toString(4 * GIB_KB * 1024)))));
        // Values beyond any machine, and garbage, count as no limit.
        assertEquals("18078m", heapOf(machine("v1-huge", MACHINE_24_KB, "4:memory:/\n",
                Map.of("memory/memory.limit_in_bytes", "99999999999999999999999"))));
        assertEquals("18078m", heapOf(machine("v1-garbage", MACHINE_24_KB, "4:memory:/\n",
                Map.of("memory/memory.limit_in_bytes", "-1"))));
    }

    @Test
    void fitscoreHeapWinsOverEveryLimit() throws Exception {
        Path small = machine("heap-set", 2 * GIB_KB, "0::/\n", Map.of("memory.max", "1073741824"));
        assertEquals("8g", heapOf(small, Map.of("FITSCORE_HEAP", "8g")));
        assertEquals("768m", heapOf(small), "without it, the 1 GiB limit");
    }
}
