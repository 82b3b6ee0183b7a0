package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar (the 4.2 line) in front of a class path that says Spark 3.5 on Scala 2.12, as EMR 7's does: exit 3
 * and one line naming the jar to use, from a real JVM, before Quarkus or Spark start. (bench/cluster/spark-cluster.sh
 * submits a jar of another line to a real cluster of each line.)
 */
class SparkSubmitMainIT {

    @TempDir
    Path dir;

    @Test
    void thePackagedEntryPointStopsOnAnotherLine() throws Exception {
        Path jar = Path.of(System.getProperty("test.app.jar", "target/fitscore.jar"));
        Path emr7 = dir.resolve("emr7-versions.jar");
        try (OutputStream file = Files.newOutputStream(emr7); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("spark-version-info.properties"));
            zip.write("version=3.5.6-amzn-1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("library.properties"));
            zip.write("version.number=2.12.18\n".getBytes(StandardCharsets.UTF_8));
        }
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                emr7 + java.io.File.pathSeparator + jar, SparkSubmitMain.class.getName(), "run")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.get(0).matches("fitscore: error: this jar is built for Spark 4\\.2 on Scala 2\\.13, and this cluster runs Spark "
                + "3\\.5\\.6-amzn-1 on Scala 2\\.12\\.18: submit fitscore-spark-3\\.5_2\\.12-\\S+\\.jar instead .* \\[exit 3: invalid configuration\\]"),
                lines.get(0));
    }
}
