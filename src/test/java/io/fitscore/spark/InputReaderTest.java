package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.storage.StorageUri;
import io.fitscore.testing.LocalSpark;
import io.fitscore.validate.InputValidator;

/**
 * The lean read-join plan keeps the semantics of the plain one: every per-input count, the joined rows,
 * and the values. The expected figures are worked out by hand from the files below.
 */
class InputReaderTest {

    // pre: 8 rows; a missing key; "B " (trailing NBSP) is B; A is an exact duplicate; D and both E are unmatched.
    private static final String PRE = "title,budget,genre\nA,10,x\nA,10,x\nB\u00a0,20,y\n,30,z\nC,40,z\nD,50,w\nE,abc,w\nE,60\n";
    // after: 5 rows; B is an exact duplicate; F is unmatched; C's score is not a number.
    private static final String AFTER = "title,imdb_score\nA,7.1\nB,6.0\nB,6.0\nC,bad\nF,5.0\n";
    // Keys padded with an em space, an ideographic space and a tab still match.
    private static final String THIRD = "title,country\nA,BE\nB,NL\n\u2003C\u3000\t,FR\nD,DE\n";

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);

    private static StorageUri file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return StorageUri.parse("in", p.toUri().toString());
    }

    private static InputRows read(int sampleLines, String... namesAndContents) throws Exception {
        List<StorageUri> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            inputs.add(file(namesAndContents[i], namesAndContents[i + 1]));
        }
        return new InputReader(job.spark(), ",", Map.of(), sampleLines, Map.of()).readAndJoin(inputs, Optional.of("title"), "imdb_score", true);
    }

    /** A whole file's lines as validation hands them on. */
    private static List<String> lines(String text) {
        return InputValidator.firstLines(text, InputValidator.SCHEMA_SAMPLE_LINES, true);
    }

    private static Map<String, Row> byTitle(InputRows joined) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : joined.rows().collectAsList()) {
            rows.put(r.getAs("title"), r);
        }
        return rows;
    }

    /** The two-input join hashes the input of fewer bytes and streams the other, in either order. */
    @Test
    void theSmallerInputIsTheOneHashed() throws Exception {
        // The small input has the wider rows, so that an estimate from the plan's row widths alone would pick the big one.
        StringBuilder big = new StringBuilder("title,imdb_score\nA,7.1\nB,6.0\n");
        for (int i = 0; i < 2_000; i++) {
            big.append("T").append(i).append(',').append(i % 10).append('\n');
        }
        // Without adaptive execution, which would choose again from the shuffle's sizes, as it can't for large inputs
        // before the shuffle is written.
        job.spark().conf().set("spark.sql.adaptive.enabled", "false");
        try {
            for (boolean smallFirst : new boolean[] {false, true}) {
                InputRows joined = smallFirst ? read(20_000, "pre.csv", PRE, "big.csv", big.toString())
                        : read(20_000, "big.csv", big.toString(), "pre.csv", PRE);
                String plan = joined.rows().queryExecution().executedPlan().toString();
                assertTrue(plan.contains("ShuffledHashJoin"), plan);
                assertTrue(plan.contains(smallFirst ? "BuildLeft" : "BuildRight"), plan);
                joined.rows().unpersist();
            }
        } finally {
            job.spark().conf().unset("spark.sql.adaptive.enabled");
        }
    }

    /**
     * Spark's own CSV reader (which reads a Latin-1 file) and the lean reader, which counts rows, rows without a key
     * and malformed rows itself, give the same counts and the same joined rows for the same table.
     */
    @Test
    void sparksReaderAndTheLeanOneCountAndJoinAlike() throws Exception {
        List<InputRows> both = new java.util.ArrayList<>();
        for (java.nio.charset.Charset charset : List.of(java.nio.charset.StandardCharsets.UTF_8, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            List<StorageUri> inputs = new java.util.ArrayList<>();
            for (String[] file : new String[][] {{"pre", PRE}, {"after", AFTER}, {"third", THIRD.replace("\u2003", " ").replace("\u3000", "\u00a0")}}) {
                Path p = dir.resolve(file[0] + "-" + charset.name() + ".csv");
                Files.write(p, file[1].getBytes(charset));
                inputs.add(StorageUri.parse("in", p.toUri().toString()));
            }
            both.add(new InputReader(job.spark(), ",", Map.of(), Map.of(), Map.of(), charset.name())
                    .readAndJoin(inputs.subList(0, 2), Optional.of("title"), "imdb_score", true));
            both.add(new InputReader(job.spark(), ",", Map.of(), Map.of(), Map.of(), charset.name())
                    .readAndJoin(inputs, Optional.of("title"), "imdb_score", true));
        }
        for (int join = 0; join < 2; join++) {
            InputRows lean = both.get(join);
            InputRows spark = both.get(join + 2);
            assertEquals(lean.inputs().stream().map(InputReaderTest::counts).toList(), spark.inputs().stream().map(InputReaderTest::counts).toList());
            assertEquals(new java.util.TreeSet<>(byTitle(lean).values().stream().map(Row::toString).toList()),
                    new java.util.TreeSet<>(byTitle(spark).values().stream().map(Row::toString).toList()));
            assertTrue(lean.inputs().get(0).droppedMissingKey() == 1 && lean.inputs().get(0).malformedRows() > 0, lean.inputs().toString());
        }
    }

    private static List<Long> counts(InputStats input) {
        return List.of(input.rowsRead(), input.droppedMissingKey(), input.droppedDuplicates(), input.unmatchedRows(), input.malformedRows());
    }

    @Test
    void valuesThatDoNotFitTheSampledSchemaAreMissingAndCounted() throws Exception {
        // Three sampled data lines: budget looks like a whole number and imdb_score like a decimal.
        InputRows joined = read(4, "pre.csv", PRE, "after.csv", AFTER);
        assertEquals(3, joined.rowCount());
        InputStats pre = joined.inputs().get(0);
        assertEquals(new InputStats(pre.uri(), 8, 1, 1, 3, 2), pre, "E,abc,w and the short E,60 are malformed");
        InputStats after = joined.inputs().get(1);
        assertEquals(new InputStats(after.uri(), 5, 0, 1, 1, 1), after, "C,bad is malformed");
        Map<String, Row> rows = byTitle(joined);
        assertEquals(List.of("A", "B", "C"), rows.keySet().stream().sorted().toList());
        assertEquals(20, ((Number) rows.get("B").getAs("budget")).intValue());
        assertEquals(7.1, rows.get("A").<Double>getAs("imdb_score"));
        assertNull(rows.get("C").getAs("imdb_score"));
        assertEquals(DataTypes.IntegerType, joined.rows().schema().apply("budget").dataType());
    }

    @Test
    void aSampleCoveringTheWholeFileInfersWhatAFullPassWould() throws Exception {
        InputRows joined = read(20_000, "pre.csv", PRE, "after.csv", AFTER);
        assertEquals(3, joined.rowCount());
        assertEquals(DataTypes.StringType, joined.rows().schema().apply("budget").dataType(), "abc makes budget text");
        InputStats pre = joined.inputs().get(0);
        assertEquals(new InputStats(pre.uri(), 8, 1, 1, 3, 1), pre, "only the short row is malformed");
        InputStats after = joined.inputs().get(1);
        assertEquals(new InputStats(after.uri(), 5, 0, 1, 1, 0), after);
        assertNull(byTitle(joined).get("C").getAs("imdb_score"), "a target that is not a number is missing");
    }

    @Test
    void textsValidationReadWholeGiveTheSchemaWithoutASecondRead() throws Exception {
        // CRLF and lone CR line ends, a quoted delimiter, no final line break: split as Spark's text reader would.
        String pre = "title,budget,genre\r\nA,10,x\r\nA,10,x\rB,20.5,\"y,z\"\nC,40,z\nD,abc,w";
        StorageUri preUri = file("pre-known.csv", pre);
        StorageUri afterUri = file("after-known.csv", AFTER);
        List<StorageUri> inputs = List.of(preUri, afterUri);
        long jobsBefore = job.work().jobs();
        InputRows read = new InputReader(job.spark(), ",", Map.of(), 20_000, Map.of()).readAndJoin(inputs, Optional.of("title"),
                "imdb_score", true);
        long jobsRead = job.work().jobs() - jobsBefore;
        InputRows known = new InputReader(job.spark(), ",", Map.of(), 20_000, Map.of(preUri, lines(pre), afterUri, lines(AFTER))).readAndJoin(inputs,
                Optional.of("title"), "imdb_score", true);
        long jobsKnown = job.work().jobs() - jobsBefore - jobsRead;
        assertEquals(read.rows().schema(), known.rows().schema());
        assertEquals(DataTypes.StringType, known.rows().schema().apply("budget").dataType(), "abc on the last line makes budget text");
        assertEquals(read.inputs(), known.inputs());
        assertEquals(read.rowCount(), known.rowCount());
        assertEquals(read.rows().collectAsList().stream().map(Row::toString).sorted().toList(),
                known.rows().collectAsList().stream().map(Row::toString).sorted().toList());
        assertTrue(jobsKnown <= jobsRead - 2, "at least the read of each file's first lines fewer: " + jobsRead + " -> " + jobsKnown);
        // A large file's first lines only (validation's head): the same schema as Spark's own sample of them.
        InputRows sampled = new InputReader(job.spark(), ",", Map.of(), 3, Map.of()).readAndJoin(inputs, Optional.of("title"),
                "imdb_score", true);
        InputRows head = new InputReader(job.spark(), ",", Map.of(), 3, Map.of(preUri, List.of("title,budget,genre", "A,10,x", "A,10,x"),
                afterUri, List.of("title,imdb_score", "A,7.1", "B,6.0"))).readAndJoin(inputs, Optional.of("title"), "imdb_score", true);
        assertEquals(DataTypes.IntegerType, head.rows().schema().apply("budget").dataType(), "only whole numbers in the first lines");
        assertEquals(sampled.rows().schema(), head.rows().schema());
        assertEquals(sampled.inputs(), head.inputs());
    }

    @Test
    void threeInputsCountUnmatchedRowsAgainstTheKeysOfAllOthers() throws Exception {
        InputRows joined = read(20_000, "pre.csv", PRE, "after.csv", AFTER, "third.csv", THIRD);
        assertEquals(3, joined.rowCount());
        assertEquals(3, joined.inputs().get(0).unmatchedRows(), "D and both E");
        assertEquals(1, joined.inputs().get(1).unmatchedRows(), "F");
        assertEquals(1, joined.inputs().get(2).unmatchedRows(), "D");
    }

    @Test
    void aSingleInputKeepsEveryKeyedDistinctRow() throws Exception {
        InputRows joined = new InputReader(job.spark(), ",", Map.of(), 20_000, Map.of())
                .readAndJoin(List.of(file("after-only.csv", AFTER)), Optional.of("title"), "imdb_score", true);
        assertEquals(4, joined.rowCount());
        InputStats only = joined.inputs().get(0);
        assertEquals(new InputStats(only.uri(), 5, 0, 1, 0, 0), only);
    }

    @Test
    void aSingleInputWithoutAKeyStillDropsExactDuplicates() throws Exception {
        InputRows joined = new InputReader(job.spark(), ",", Map.of(), 20_000, Map.of())
                .readAndJoin(List.of(file("keyless.csv", AFTER)), Optional.empty(), "imdb_score", true);
        assertEquals(4, joined.rowCount(), "B,6.0 twice is one row");
        InputStats only = joined.inputs().get(0);
        assertEquals(new InputStats(only.uri(), 5, 0, 1, 0, 0), only);
    }
}
