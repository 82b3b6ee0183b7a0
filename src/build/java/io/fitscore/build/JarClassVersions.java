package io.fitscore.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A build step run on every flat jar the build makes (java src/build/java/io/fitscore/build/JarClassVersions.java JAR
 * JAVA_RELEASE CLASSPATH_FILE): every class outside META-INF/versions/ must load on the oldest JVM fitscore supports (Java
 * 17: class file version 61), whatever JDK built the jar.
 *
 * <p>Why it is needed: Quarkus' uber-jar (3.31) copies a multi-release dependency's newest variant of a class that the
 * building JDK can load into the jar's base, in place of the dependency's own base class (jboss-threads' Java 24
 * JDKSpecific, jackson-core's and jersey's Java 21 classes when built on JDK 25). Such a jar fails on Java 17 with
 * UnsupportedClassVersionError. The versioned variants stay under META-INF/versions/ and the jar stays
 * Multi-Release, so a newer JVM still loads them; this step puts each dependency's base class back from the
 * dependency's own jar (the runtime class path the build resolved), then fails the build if any class is still too new.
 */
public final class JarClassVersions {

    private static final String VERSIONS = "META-INF/versions/";

    private JarClassVersions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: JarClassVersions JAR JAVA_RELEASE CLASSPATH_FILE");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int maxMajor = Integer.parseInt(args[1]) + 44; // Java 17's class files are version 61
        List<Path> classPath = Stream.of(Files.readString(Path.of(args[2])).trim().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).filter(p -> p.toString().endsWith(".jar")).toList();

        Map<String, Integer> tooNew = baseClassesAbove(jar, maxMajor);
        Map<String, String> mended = new LinkedHashMap<>();
        if (!tooNew.isEmpty()) {
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
                // Stops at the first jars that explain every class: most of the class path need not be opened.
                for (int i = 0; i < classPath.size() && mended.size() < tooNew.size(); i++) {
                    mend(zip, classPath.get(i), tooNew, maxMajor, mended);
                }
            }
        }
        Map<String, Integer> left = baseClassesAbove(jar, maxMajor);
        mended.forEach((entry, how) -> System.out.println("[jar-class-versions] " + jar.getFileName() + ": " + entry + " (class file "
                + tooNew.get(entry) + ") " + how));
        if (!left.isEmpty()) {
            System.err.println("[jar-class-versions] " + jar + ": " + left.size() + " classes outside " + VERSIONS
                    + " need a JVM newer than class file version " + maxMajor + " allows, and no dependency on the class path ("
                    + classPath.size() + " jars) has them: " + left);
            System.exit(1);
        }
        System.out.println("[jar-class-versions] " + jar.getFileName() + ": every class outside " + VERSIONS
                + " is class file version " + maxMajor + " or older" + (mended.isEmpty() ? "" : " (" + mended.size() + " mended)"));
    }

    /** The classes outside META-INF/versions/ whose class file version is above the maximum, with their versions. */
    static Map<String, Integer> baseClassesAbove(Path jar, int maxMajor) throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().startsWith(VERSIONS)).forEach(e -> {
                int major = major(zip, e);
                if (major > maxMajor) {
                    found.put(e.getName(), major);
                }
            });
        }
        return found;
    }

    /**
     * Mends the too-new classes that one class-path jar holds: its own base class is copied back; a class it has only
     * under META-INF/versions/ (no base at all, so a Java 17 JVM never sees it) leaves the base, kept under its
     * version folder.
     */
    private static void mend(FileSystem target, Path source, Map<String, Integer> tooNew, int maxMajor, Map<String, String> mended)
            throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile())) {
            for (Map.Entry<String, Integer> tooNewClass : tooNew.entrySet()) {
                String entry = tooNewClass.getKey();
                if (mended.containsKey(entry)) {
                    continue;
                }
                ZipEntry base = zip.getEntry(entry);
                if (base != null && major(zip, base) <= maxMajor) {
                    try (InputStream in = zip.getInputStream(base)) {
                        Files.copy(in, target.getPath(entry), StandardCopyOption.REPLACE_EXISTING);
                    }
                    mended.put(entry, "restored from the base of " + source.getFileName());
                } else if (base == null) {
                    Optional<String> versioned = zip.stream().map(ZipEntry::getName)
                            .filter(n -> n.startsWith(VERSIONS) && n.endsWith("/" + entry)).findFirst();
                    if (versioned.isPresent()) {
                        Path kept = target.getPath(versioned.get());
                        if (!Files.exists(kept)) {
                            Files.createDirectories(kept.getParent());
                            Files.copy(target.getPath(entry), kept);
                        }
                        Files.delete(target.getPath(entry));
                        mended.put(entry, "removed from the base: " + source.getFileName() + " has it only as " + versioned.get());
                    }
                }
            }
        }
    }

    /** The class file's major version (bytes 6-7 after the 0xCAFEBABE magic); 0 for what is not a class file. */
    private static int major(ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8 || (head[0] & 0xff) != 0xca || (head[1] & 0xff) != 0xfe || (head[2] & 0xff) != 0xba
                    || (head[3] & 0xff) != 0xbe) {
                return 0;
            }
            return (head[6] & 0xff) << 8 | head[7] & 0xff;
        } catch (IOException e) {
            throw new UncheckedIOException(entry.getName(), e);
        }
    }
}
