package io.fitscore.spark;

import static org.apache.spark.sql.functions.btrim;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fitscore.testing.LocalSpark;

/**
 * The lean reader gives the rows Spark's CSV reader gives, value for value, malformed rows included, on seeded files
 * full of what real CSV has: quotes, doubled quotes, delimiters inside quotes, numbers in every notation Java reads and
 * some it does not, non-ASCII text and broken UTF-8, control characters, short and long lines, blank lines, CRLF, and
 * files cut into many splits.
 */
class Utf8CsvReaderTest {

    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);

    private static final String MALFORMED = "__malformed";
    private static final StructType SCHEMA = new StructType().add("title", DataTypes.StringType).add("votes", DataTypes.IntegerType)
            .add("gross", DataTypes.LongType).add("score", DataTypes.DoubleType).add("genre", DataTypes.StringType)
            .add("budget", DataTypes.DoubleType);
    private static final String HEADER = "title,votes,gross,score,genre,budget";

    @TempDir
    Path dir;

    @Test
    void readsWhatSparksReaderReadsOnTrickyLines() throws IOException {
        Path file = dir.resolve("tricky.csv");
        Files.write(file, trickyFile(new Random(11), 6_000, "\n"));
        assertSameRows(new String[] {file.toUri().toString()}, false, 0);
        assertEquals(Files.size(file), Utf8CsvReader.read(job.spark(), new String[] {file.toUri().toString()}, false, SCHEMA, MALFORMED,
                options(), Optional.empty()).orElseThrow().fileBytes());
    }

    @Test
    void readsFoldersOfFilesCutIntoManySplitsAsSparkDoes() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("logs"));
        Random random = new Random(23);
        for (int f = 0; f < 4; f++) {
            Files.write(folder.resolve("part-" + f + ".csv"), trickyFile(random, 1_500, f % 2 == 0 ? "\n" : "\r\n"));
        }
        Files.write(folder.resolve("empty.csv"), new byte[0]);
        // Splits of a few kilobytes start and end in the middle of lines, and only the first of a file has the header.
        assertSameRows(new String[] {folder.toUri().toString()}, true, 8 * 1024);
    }

    @Test
    void plainNumbersAreReadToTheBitAsJavaReadsThem() throws IOException {
        Random random = new Random(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            String line = "t" + i + "," + random.nextInt() + "," + random.nextLong() / (1L << random.nextInt(63)) + ","
                    + decimal(random) + ",g," + decimal(random) + "\n";
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve("numbers.csv");
        Files.write(file, out.toByteArray());
        List<String> lean = rows(lean(new String[] {file.toUri().toString()}, false));
        assertSame(rows(spark(new String[] {file.toUri().toString()}, false)), lean);
        assertEquals(20_000, lean.size());
        assertTrue(lean.stream().allMatch(r -> r.endsWith("-")), "no line is malformed");
        // And every one of them was read directly, not by Spark's parser.
        var parser = new CsvLineParser(SCHEMA, MALFORMED, (byte) ',', options(), 0);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().skip(1).allMatch(line -> {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            return parser.readsDirectly(bytes, bytes.length);
        }));
    }

    @Test
    void readsPlainAndQuotedFieldsDirectlyAndLeavesTheRestToSpark() {
        var parser = new CsvLineParser(SCHEMA, MALFORMED, (byte) ',', options(), 0);
        for (String plain : List.of("Avatar,1,2,3.5,drama,1e6", "\"Avatar, the film\",1,2,3.5,\"a \"\"b\"\"\",", ",,,,,",
                "Am\u00e9lie\u00a0,\"12\",-3,.5,,7.")) {
            byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
            assertTrue(parser.readsDirectly(bytes, bytes.length), plain);
        }
        for (String other : List.of("Avatar,1,2,3.5,drama", "Avatar,1,2,3.5,drama,1,extra", "Ava\"tar,1,2,3.5,drama,1",
                "\"Avatar\" ,1,2,3.5,drama,1", "Avatar,1,2,NaN,drama,1", "Avatar,1,2, 3.5,drama,1", "Avatar,1,2,3.5,dra\tma,1",
                "Avatar,2147483648,2,3.5,drama,1", "Avatar,1,2,3.5,drama,\"1\"\"\"", "\"open,1,2,3.5,drama,1")) {
            byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
            assertTrue(!parser.readsDirectly(bytes, bytes.length), other);
        }
    }

    @Test
    void appliesOnlyToWhatItReadsAsSparkDoes() {
        String[] paths = {dir.toUri().toString()};
        Map<String, String> options = new HashMap<>(CsvSchema.readOptions(","));
        options.put("encoding", "UTF-8");
        assertTrue(Utf8CsvReader.read(job.spark(), paths, false, SCHEMA, MALFORMED, options, Optional.empty()).isPresent());
        options.put("encoding", "ISO-8859-1");
        assertTrue(Utf8CsvReader.read(job.spark(), paths, false, SCHEMA, MALFORMED, options, Optional.empty()).isEmpty());
        options.put("encoding", "UTF-8");
        assertTrue(Utf8CsvReader.read(job.spark(), paths, false, SCHEMA.add("flag", DataTypes.BooleanType), MALFORMED, options,
                Optional.empty()).isEmpty(), "a type it does not read");
        options.put("sep", "||");
        assertTrue(Utf8CsvReader.read(job.spark(), paths, false, SCHEMA, MALFORMED, options, Optional.empty()).isEmpty());
    }

    @Test
    void utf8IsWellFormedAsJavaDecodesIt() {
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(4)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean roundTrips = java.util.Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            assertEquals(roundTrips, CsvLineParser.wellFormedUtf8(bytes, 0, bytes.length), () -> java.util.HexFormat.of().formatHex(bytes));
        }
    }

    private void assertSameRows(String[] paths, boolean folder, long splitBytes) {
        var conf = job.spark().conf();
        if (splitBytes > 0) {
            conf.set("spark.sql.files.maxPartitionBytes", Long.toString(splitBytes));
            conf.set("spark.sql.files.openCostInBytes", "1024");
        }
        try {
            List<String> expected = rows(spark(paths, folder));
            List<String> actual = rows(lean(paths, folder));
            assertTrue(expected.size() > 1000, "a real sample: " + expected.size());
            assertTrue(expected.stream().filter(r -> r.endsWith("MALFORMED")).count() > 50, "malformed rows among them");
            assertSame(expected, actual);
        } finally {
            conf.unset("spark.sql.files.maxPartitionBytes");
            conf.unset("spark.sql.files.openCostInBytes");
        }
    }

    private static void assertSame(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "row " + i + " of the sorted rows");
        }
        assertEquals(expected.size(), actual.size());
    }

    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>(CsvSchema.readOptions(","));
        options.put("encoding", "UTF-8");
        return options;
    }

    /** As InputReader read before the lean reader: Spark's CSV source, the key then trimmed by btrim. */
    private static Dataset<Row> spark(String[] paths, boolean folder) {
        return job.spark().read().schema(SCHEMA.add(MALFORMED, DataTypes.StringType, true)).options(options())
                .option("enforceSchema", "true").option("columnNameOfCorruptRecord", MALFORMED)
                .option("recursiveFileLookup", folder).csv(paths)
                .withColumn("title", btrim(col("title"), lit(EdgeSpace.CHARACTERS)));
    }

    private static Dataset<Row> lean(String[] paths, boolean folder) {
        return Utf8CsvReader.read(job.spark(), paths, folder, SCHEMA, MALFORMED, options(), Optional.of("title")).orElseThrow().rows();
    }

    /**
     * The rows as text, sorted (the two readers split files differently), a malformed row's line shown only as there:
     * it is the line as univocity reports it, which differed between the two readers in a leading BOM, and fitscore
     * only counts these lines.
     */
    private static List<String> rows(Dataset<Row> rows) {
        List<String> text = new ArrayList<>(rows.collectAsList().stream().map(Utf8CsvReaderTest::shown).toList());
        java.util.Collections.sort(text);
        return text;
    }

    private static String shown(Row row) {
        int malformed = row.length() - 1;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < malformed; i++) {
            text.append(row.get(i)).append('|');
        }
        return text.append(row.isNullAt(malformed) ? "-" : "MALFORMED").toString();
    }

    /** A decimal number as people and programs write them: 1 to 19 digits, a point anywhere, sometimes an exponent. */
    private static String decimal(Random random) {
        StringBuilder digitChars = new StringBuilder();
        for (int n = 1 + random.nextInt(19); digitChars.length() < n;) {
            digitChars.append(random.nextInt(10));
        }
        String digits = digitChars.toString();
        int point = random.nextInt(digits.length() + 1);
        String number = (random.nextInt(4) == 0 ? "-" : "") + digits.substring(0, point) + (point < digits.length() || random.nextBoolean() ? "." : "")
                + digits.substring(point);
        if (number.endsWith(".") && point == 0) {
            number = number + "0";
        }
        return random.nextInt(3) == 0 ? number + (random.nextBoolean() ? "E" : "e") + (random.nextInt(60) - 30) : number;
    }

    /** A header, then lines whose fields come from a catalogue of plain and tricky values, some lines broken on purpose. */
    private static byte[] trickyFile(Random random, int lines, String newline) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextBoolean()) {
            out.writeBytes(("  " + newline + newline).getBytes(StandardCharsets.UTF_8)); // blank lines before the header
        }
        out.writeBytes((HEADER + newline).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < lines; i++) {
            List<byte[]> fields = new ArrayList<>();
            fields.add(text(random, true));
            fields.add(number(random, true));
            fields.add(number(random, true));
            fields.add(number(random, false));
            fields.add(text(random, false));
            fields.add(number(random, false));
            int shape = random.nextInt(40);
            if (shape == 0) {
                fields.remove(fields.size() - 1); // one field short
            } else if (shape == 1) {
                fields.add(text(random, false)); // one field too many
            }
            for (int f = 0; f < fields.size(); f++) {
                if (f > 0) {
                    out.write(',');
                }
                out.writeBytes(fields.get(f));
            }
            out.writeBytes(newline.getBytes(StandardCharsets.UTF_8));
            int extra = random.nextInt(200);
            if (extra == 0) {
                out.writeBytes((" \t " + newline).getBytes(StandardCharsets.UTF_8)); // a blank line
            } else if (extra == 1) {
                out.writeBytes((HEADER + newline).getBytes(StandardCharsets.UTF_8)); // a header in the middle is data
            }
        }
        return out.toByteArray();
    }

    private static final String[] TEXTS = {"Avatar", "Avatar ", " Avatar", "Spider-Man 3", "Am\u00e9lie", "Miami Vice\u00a0",
        "\u00a0 padded \u2003", "\u6f22\u5b57", "emoji \ud83c\udfac", "x", "tab\tinside", "  ", "a;b", "\ufeffbom"};

    private static byte[] text(Random random, boolean key) {
        int kind = random.nextInt(key ? 24 : 20);
        String value = switch (kind) {
            case 0 -> "";
            case 1 -> "\"quoted, with comma\"";
            case 2 -> "\"she said \"\"hi\"\"\"";
            case 3 -> "\"\"";
            case 4 -> "unbalanced \"quote";
            case 5 -> "\"closed\" then more";
            case 6 -> "\"never closed";
            case 7 -> "\" spaced \"";
            case 8 -> null; // broken UTF-8
            case 9 -> "nul\u0000inside";
            default -> TEXTS[random.nextInt(TEXTS.length)] + (key ? " " + random.nextInt(300) : "");
        };
        if (value == null) {
            return new byte[] {'b', (byte) 0xC3, 'x', (byte) 0xE2, (byte) 0x82};
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] NUMBERS = {"0", "-0", "+7", "007", "42", "-17", "2147483647", "2147483648", "-2147483648",
        "9223372036854775807", "9223372036854775808", "123456789012345678", "1.5", "-2.25", ".5", "5.", "1e3", "1E-3", "2.0738E7",
        "8187000.0", "1e400", "4.9e-324", "0.1", "3.14159265358979323846", "NaN", "Inf", "-Inf", "Infinity", " 12", "12 ", "1.5d",
        "0x1p3", "1,5", "1_000", "--1", "1e", "e5", ".", "+", "\u0661\u0662", "\"12\"", "\"1.25\"", "\"\"", "\"1\"\"2\""};

    private static byte[] number(Random random, boolean integral) {
        String value;
        if (random.nextInt(3) == 0) {
            value = NUMBERS[random.nextInt(NUMBERS.length)];
        } else if (integral) {
            value = Integer.toString(random.nextInt(2_000_000) - 1_000);
        } else {
            value = decimal(random);
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
