package io.fitscore.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build step that keeps every flat jar loadable on Java 17 (src/build/java/io/fitscore/build/JarClassVersions.java),
 * run as the build runs it, on jars laid out as Quarkus' uber-jar leaves a multi-release dependency: its Java 24 variant
 * in the base, a Java 21-only class in the base, and a class no dependency explains.
 */
class JarClassVersionsTest {

    private static final Path TOOL = Path.of("src/build/java/io/fitscore/build/JarClassVersions.java");

    @TempDir
    Path dir;

    /** A class file's first bytes with the given major version, and a marker to tell the variants apart. */
    private static byte[] classFile(int major, String marker) {
        byte[] text = marker.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[8 + text.length];
        bytes[0] = (byte) 0xca;
        bytes[1] = (byte) 0xfe;
        bytes[2] = (byte) 0xba;
        bytes[3] = (byte) 0xbe;
        bytes[6] = (byte) (major >> 8);
        bytes[7] = (byte) major;
        System.arraycopy(text, 0, bytes, 8, text.length);
        return bytes;
    }

    private Path jar(String name, Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    private record Outcome(int exit, String output) {
    }

    private Outcome run(Path jar, Path... classPath) throws Exception {
        Path cp = dir.resolve("classpath.txt");
        Files.writeString(cp, String.join(java.io.File.pathSeparator, java.util.Arrays.stream(classPath).map(Path::toString).toList()));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), TOOL.toString(), jar.toString(),
                "17", cp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Outcome(p.exitValue(), out);
    }

    private static byte[] entry(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(name);
            return e == null ? null : zip.getInputStream(e).readAllBytes();
        }
    }

    @Test
    void flattenedVariantsGoBackToTheDependencysOwnBase() throws Exception {
        Map<String, byte[]> dependency = new LinkedHashMap<>();
        dependency.put("org/x/Specific.class", classFile(61, "base"));
        dependency.put("META-INF/versions/24/org/x/Specific.class", classFile(68, "24"));
        dependency.put("META-INF/versions/21/org/x/Only21.class", classFile(65, "21 only"));
        Path dep = jar("dep.jar", dependency);

        Map<String, byte[]> uber = new LinkedHashMap<>();
        uber.put("org/x/Specific.class", classFile(68, "24")); // the building JDK's variant, flattened
        uber.put("org/x/Only21.class", classFile(65, "21 only"));
        uber.put("META-INF/versions/24/org/x/Specific.class", classFile(68, "24"));
        uber.put("io/fitscore/Mine.class", classFile(61, "mine"));
        Path app = jar("app.jar", uber);

        Outcome outcome = run(app, dep);
        assertEquals(0, outcome.exit(), outcome.output());
        assertArrayEquals(classFile(61, "base"), entry(app, "org/x/Specific.class"), "the dependency's own base class");
        assertArrayEquals(classFile(68, "24"), entry(app, "META-INF/versions/24/org/x/Specific.class"), "the variant stays versioned");
        assertNull(entry(app, "org/x/Only21.class"), "a class Java 17 never sees leaves the base");
        assertArrayEquals(classFile(65, "21 only"), entry(app, "META-INF/versions/21/org/x/Only21.class"), "kept under its version");
        assertArrayEquals(classFile(61, "mine"), entry(app, "io/fitscore/Mine.class"));
        assertTrue(outcome.output().contains("(2 mended)"), outcome.output());
    }

    @Test
    void aClassTooNewThatNoDependencyExplainsFailsTheBuild() throws Exception {
        Path dep = jar("dep.jar", Map.of("org/x/Other.class", classFile(61, "other")));
        Path app = jar("app.jar", Map.of("org/x/Mystery.class", classFile(65, "?"), "org/x/Fine.class", classFile(52, "old")));
        Outcome outcome = run(app, dep);
        assertEquals(1, outcome.exit(), outcome.output());
        assertTrue(outcome.output().contains("org/x/Mystery.class=65"), outcome.output());
        assertFalse(outcome.output().contains("org/x/Fine.class"), outcome.output());
    }
}
