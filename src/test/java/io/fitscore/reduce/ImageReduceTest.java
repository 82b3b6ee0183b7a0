package io.fitscore.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.sample.ShapeImages;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code fitscore reduce} on folders of generated PNG images, against a real S3 server. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class ImageReduceTest {

    private static final String BUCKET = "fitscore-images";
    private static final int PER_CLASS = 30;

    @BeforeAll
    static void upload() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            ShapeImages.generate(PER_CLASS, 32, 11).forEach((path, png) -> s3.put(BUCKET, "shapes/" + path, png));
            // A file that is not an image by name is left out, not decoded.
            s3.put(BUCKET, "shapes/README.txt", "generated shapes");
            ShapeImages.generate(2, 32, 12).forEach((path, png) -> s3.put(BUCKET, "broken/" + path, png));
            s3.put(BUCKET, "broken/circle/9999.png", "not a PNG at all".getBytes(StandardCharsets.UTF_8));
            s3.put(BUCKET, "notes/only.txt", "no images here");
        }
    }

    private static LaunchResult reduce(QuarkusMainLauncher launcher, String folder, String out) {
        Map<String, String> settings = Map.of("fitscore.reduce.source", "images", "fitscore.reduce.image-size", "12",
                "fitscore.reduce.components", "2");
        settings.forEach(System::setProperty);
        try {
            return launcher.launch("reduce", "--inputs", "s3://" + BUCKET + "/" + folder + "/", "--join-key", "",
                    "--output", "s3://" + BUCKET + "/" + out + "/", "--artifacts", "s3://" + BUCKET + "/" + out + "-artifacts/",
                    "--run-date", "2026-12-01");
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void theShapeClassesSeparateInTheFirstTwoComponents(QuarkusMainLauncher launcher) {
        LaunchResult result = reduce(launcher, "shapes", "shapes-pca");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<JsonNode> rows = Results.read(s3, BUCKET, "shapes-pca/");
            assertEquals(3 * PER_CLASS, rows.size(), "one row per image, the README left out");
            JsonNode first = rows.get(0);
            assertTrue(first.get("path").asText().startsWith("s3://" + BUCKET + "/shapes/"), first.toString());
            assertTrue(first.get("pc_1").isDouble() && first.get("pc_2").isDouble() && first.size() == 4, first.toString());
            for (JsonNode row : rows) {
                String path = row.get("path").asText();
                assertEquals(path.split("/")[path.split("/").length - 2], row.get("label").asText(), "label is the sub-folder");
            }
            // Stated measure: nearest-centroid accuracy in (pc_1, pc_2) of at least 0.9 (chance: 1/3).
            Map<String, double[]> centroids = new HashMap<>();
            for (JsonNode row : rows) {
                double[] c = centroids.computeIfAbsent(row.get("label").asText(), l -> new double[3]);
                c[0] += row.get("pc_1").asDouble();
                c[1] += row.get("pc_2").asDouble();
                c[2]++;
            }
            assertEquals(ShapeImages.CLASSES.size(), centroids.size());
            long right = rows.stream().filter(row -> nearest(centroids, row.get("pc_1").asDouble(), row.get("pc_2").asDouble())
                    .equals(row.get("label").asText())).count();
            double accuracy = (double) right / rows.size();
            assertTrue(accuracy >= 0.9, "nearest-centroid accuracy " + accuracy);

            JsonNode metrics = Results.json(s3.get(BUCKET, "shapes-pca-artifacts/2026-12-01/metrics.json"));
            assertEquals("images", metrics.at("/source").asText());
            assertEquals(12 * 12 * 3, metrics.at("/features").asInt());
            assertEquals(3 * PER_CLASS, metrics.at("/rows").asLong());
            String report = s3.getString(BUCKET, "shapes-pca-artifacts/2026-12-01/report.html");
            for (String shape : ShapeImages.CLASSES) {
                assertTrue(report.contains("\"" + shape + "\""), "the report's scatter is coloured by " + shape);
            }
            String components = s3.getString(BUCKET, "shapes-pca-artifacts/2026-12-01/components.csv");
            assertEquals(1 + 12 * 12 * 3, components.strip().split("\n").length, "a header and one row per pixel feature");
        }
    }

    @Test
    void anUndecodableImageOrAFolderWithoutImagesPublishesNothing(QuarkusMainLauncher launcher) {
        LaunchResult broken = reduce(launcher, "broken", "broken-pca");
        assertEquals(6, broken.exitCode(), broken.getErrorOutput());
        assertTrue(broken.getErrorOutput().contains("s3://" + BUCKET + "/broken/circle/9999.png: cannot be decoded as an image"),
                broken.getErrorOutput());

        LaunchResult notes = reduce(launcher, "notes", "notes-pca");
        assertEquals(6, notes.exitCode(), notes.getErrorOutput());
        assertTrue(notes.getErrorOutput().contains("1 file(s) but no image among them"), notes.getErrorOutput());

        LaunchResult empty = reduce(launcher, "nothing-here", "empty-pca");
        assertEquals(5, empty.exitCode(), empty.getErrorOutput());
        assertTrue(empty.getErrorOutput().contains("s3://" + BUCKET + "/nothing-here/: no files under this prefix"), empty.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            for (String out : List.of("broken-pca", "notes-pca", "empty-pca")) {
                assertEquals(List.of(), s3.keys(BUCKET, out), "nothing published or left in staging for " + out);
            }
        }
    }

    private static String nearest(Map<String, double[]> centroids, double x, double y) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Map.Entry<String, double[]> c : centroids.entrySet()) {
            double dx = x - c.getValue()[0] / c.getValue()[2];
            double dy = y - c.getValue()[1] / c.getValue()[2];
            if (dx * dx + dy * dy < bestDistance) {
                bestDistance = dx * dx + dy * dy;
                best = c.getKey();
            }
        }
        return best;
    }
}
