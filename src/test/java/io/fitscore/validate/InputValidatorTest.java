package io.fitscore.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.storage.LocalObjectStore;
import io.fitscore.storage.ObjectStore;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;
import io.fitscore.storage.StorageUri;
import io.fitscore.testing.TestConfig;

/** The input validator on local files (the same code path as S3 objects, without a server): one problem per fault, named. */
class InputValidatorTest {

    @TempDir
    Path dir;

    private final InputValidator validator = new InputValidator();

    @BeforeEach
    void localStore() {
        validator.store = new LocalObjectStore();
    }

    private List<Problem> check(String target, String... files) {
        String inputs = String.join(",", java.util.Arrays.stream(files).map(f -> "file://" + dir.resolve(f)).toList());
        RunSettings run = RunSettings.resolve(TestConfig.of(Map.of("fitscore.inputs", inputs, "fitscore.target", target,
                "fitscore.output", "file://" + dir.resolve("out"), "fitscore.artifacts", "file://" + dir.resolve("artifacts"))),
                RunSettings.Overrides.NONE);
        return validator.check(run, ',', true, List.of(run.output())).problems();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void goodInputsPassAndTheOutputIsProbedWithoutLeavingAnything() throws IOException {
        write("a.csv", "id,x\n1,2\n2,3\n");
        write("b.csv", "\uFEFFid,y\n1,0.5\n2,1.5\n");
        assertEquals(List.of(), check("y", "a.csv", "b.csv"));
        assertTrue(Files.notExists(dir.resolve("out")) || Files.list(dir.resolve("out")).findAny().isEmpty(), "the probe is removed");
    }

    @Test
    void theFirstLinesOfEveryInputAreHandedOnForTheirSchemaAFoldersFromItsFirstFile() throws IOException {
        write("a.csv", "id,x\n1,2\n2,3\n");
        // 6-byte lines: the 1 MiB sample holds the schema's lines.
        write("big.csv", "id,y\n" + "1,0.5\n".repeat(InputValidator.SAMPLE_BYTES / 6 + 1));
        // 100-byte lines: it does not, so a longer head is read (here the whole 2.5 MB file, cut to the schema's lines).
        String longLine = "2," + "7".repeat(97) + "\n";
        write("long.csv", "id,w\n" + longLine.repeat(25_000));
        Files.createDirectories(dir.resolve("parts"));
        write("parts/p1.csv", "id,z\n1,1\n");
        String inputs = String.join(",", java.util.stream.Stream.of("a.csv", "big.csv", "long.csv", "parts/")
                .map(f -> "file://" + dir.resolve(f) + (f.endsWith("/") ? "/" : "")).toList());
        RunSettings run = RunSettings.resolve(TestConfig.of(Map.of("fitscore.inputs", inputs, "fitscore.target", "y",
                "fitscore.output", "file://" + dir.resolve("out"), "fitscore.artifacts", "file://" + dir.resolve("artifacts"))),
                RunSettings.Overrides.NONE);
        InputValidator.Checked checked = validator.check(run, ',', true, List.of(run.output()));
        assertEquals(List.of(), checked.problems());
        int lines = InputValidator.SCHEMA_SAMPLE_LINES;
        assertEquals(Map.of(run.inputs().get(0), List.of("id,x", "1,2", "2,3"),
                run.inputs().get(1), header("id,y", "1,0.5", lines - 1),
                run.inputs().get(2), header("id,w", longLine.strip(), lines - 1),
                run.inputs().get(3), List.of("id,z", "1,1")), checked.headLines(), "a folder's are its first file's");
        // Split as Spark's text reader splits; a text that is not the whole file keeps only lines whose break it holds.
        assertEquals(List.of("a", "b", "", "c"), InputValidator.firstLines("a\r\nb\r\rc\n", 10, true));
        assertEquals(List.of("a", "b"), InputValidator.firstLines("a\nb\nc", 2, true));
        assertEquals(List.of("a", "b", "c"), InputValidator.firstLines("a\nb\nc", 10, true));
        assertEquals(List.of("a"), InputValidator.firstLines("a\r\nb", 2, false));
        assertEquals(List.of("a", "b"), InputValidator.firstLines("a\r\nb\rc", 2, false));
    }

    private static List<String> header(String header, String line, int times) {
        List<String> out = new java.util.ArrayList<>(java.util.Collections.nCopies(times, line));
        out.add(0, header);
        return out;
    }

    @Test
    void eachFaultIsOneProblemNamingTheInput() throws IOException {
        write("a.csv", "id,x\n1,2\n");
        write("empty.csv", "");
        write("semi.csv", "id;y\n1;2\n");
        write("dup.csv", "id,y,y\n1,2,3\n");
        write("nokey.csv", "key,y\n1,2\n");
        write("text.csv", "id,y\n1,high\n2,low\n3,4\n");
        assertProblem(check("y", "a.csv", "empty.csv"), ExitCode.INPUT_INVALID, "empty.csv: the file is empty");
        assertProblem(check("y", "a.csv", "semi.csv"), ExitCode.INPUT_INVALID, "looks ';'-delimited");
        assertProblem(check("y", "a.csv", "dup.csv"), ExitCode.INPUT_INVALID, "duplicate column name 'y'");
        assertProblem(check("y", "a.csv", "nokey.csv"), ExitCode.INPUT_INVALID, "nokey.csv: join key column 'id' not in header");
        assertProblem(check("y", "a.csv", "text.csv"), ExitCode.INPUT_INVALID, "target column 'y' is not numeric in most rows (1 of 3; line 2");
        assertProblem(check("y", "a.csv", "missing.csv"), ExitCode.INPUT_MISSING, "missing.csv");
        assertProblem(check("z", "a.csv", "a.csv"), ExitCode.INPUT_INVALID, "target column 'z' is in none of the inputs");
    }

    @Test
    void gzipIsReadByNameAndMisnamedGzipIsRefused() throws IOException {
        write("a.csv", "id,x\n1,2\n");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("id,y\n1,2.5\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("b.csv.gz"), zipped.toByteArray());
        Files.write(dir.resolve("b.csv"), zipped.toByteArray());
        assertEquals(List.of(), check("y", "a.csv", "b.csv.gz"));
        assertProblem(check("y", "a.csv", "b.csv"), ExitCode.INPUT_INVALID, "is gzip-compressed but not named .gz");
    }

    @Test
    void imageFoldersNeedAtLeastOneImageByName() throws IOException {
        Files.createDirectories(dir.resolve("imgs/cat"));
        Files.write(dir.resolve("imgs/cat/1.PNG"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("imgs/notes.txt"), "x");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/notes.txt"), "x");
        StorageUri out = StorageUri.parse("out", "file://" + dir.resolve("out"));
        InputValidator.Checked ok = validator.checkImageFolders(List.of(StorageUri.parse("in", "file://" + dir.resolve("imgs"))), List.of(out));
        assertEquals(List.of(), ok.problems());
        assertEquals(1, ok.inputs().size(), "the image, not the notes: " + ok.inputs());
        assertProblem(validator.checkImageFolders(List.of(StorageUri.parse("in", "file://" + dir.resolve("docs"))), List.of(out)).problems(),
                ExitCode.INPUT_INVALID, "1 file(s) but no image among them");
        assertProblem(validator.checkImageFolders(List.of(StorageUri.parse("in", "file://" + dir.resolve("none"))), List.of(out)).problems(),
                ExitCode.INPUT_MISSING, "no files under this prefix");
    }

    private static void assertProblem(List<Problem> problems, ExitCode code, String text) {
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(code, problems.get(0).exitCode(), problems.toString());
        assertTrue(problems.get(0).message().contains(text), problems.get(0).message());
    }
}
