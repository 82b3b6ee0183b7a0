package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fitscore.failure.ExitCode;
import io.fitscore.sample.MovieSample;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The catalogue of bad (and awkward but fine) inputs and settings: each case runs the job against
 * S3Proxy and checks its exit code, its error line, and that a failure wrote no results, no artifacts
 * and no staging folder. Cases that are really fine must succeed.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class BadInputCatalogueTest {

    private static final String BUCKET = "fitscore-catalogue";
    private static final MovieSample.Files SAMPLE = MovieSample.generate(160, 31);
    private static final String PRE = SAMPLE.preRelease();
    private static final String AFTER = SAMPLE.afterRelease();
    /** Titles with a character outside ASCII, so that an encoding read wrong changes the join keys. */
    private static final String ACCENTED_PRE = mapColumn(PRE, "movie_title", v -> v.strip() + " Caf\u00e9");
    private static final String ACCENTED_AFTER = mapColumn(AFTER, "movie_title", v -> v.strip() + " Caf\u00e9");

    /** One case: the two input files (null: not uploaded), extra arguments and properties, what must happen. */
    record Case(String name, Object pre, Object after, List<String> args, Map<String, String> props, int exit, String message) {
        @Override
        public String toString() {
            return name + " -> exit " + exit;
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Inputs that do not exist or cannot be read
        c.add(fails("missing-bucket", PRE, AFTER, 5, "s3://no-such-bucket-zz/pre.csv: the bucket does not exist",
                "--inputs", "s3://no-such-bucket-zz/pre.csv,s3://" + BUCKET + "/missing-bucket/after.csv"));
        c.add(fails("missing-key", null, AFTER, 5, "/missing-key/pre.csv: does not exist"));
        c.add(new Case("endpoint-unreachable", PRE, AFTER, List.of(), Map.of("fitscore.s3-endpoint", "http://127.0.0.1:9"), 5,
                "the S3 endpoint is not reachable"));
        c.add(new Case("wrong-secret", PRE, AFTER, List.of(), Map.of("fitscore.aws.secret-access-key", "wrong"), 4, "access denied"));
        c.add(new Case("unknown-credentials-kind", PRE, AFTER, List.of(), Map.of("fitscore.credentials", "telepathy"), 3,
                "fitscore.credentials: unknown value 'telepathy'"));
        // Readable, but the data is unusable
        c.add(fails("empty-file", "", AFTER, 6, "/empty-file/pre.csv: the file is empty"));
        c.add(fails("header-only", firstLine(PRE) + "\n", AFTER, 6, "/header-only/pre.csv: has a header but no data rows"));
        c.add(fails("missing-target-column", PRE, dropColumn(AFTER, "imdb_score"), 6, "target column 'imdb_score' is in none of the inputs"));
        c.add(fails("missing-join-key-column", dropColumn(PRE, "movie_title"), AFTER, 6, "join key column 'movie_title' not in header"));
        c.add(fails("target-all-empty", PRE, mapColumn(AFTER, "imdb_score", v -> ""), 6, "target column 'imdb_score' is empty in all"));
        c.add(fails("target-non-numeric", PRE, mapColumn(AFTER, "imdb_score", v -> "good"), 6, "target column 'imdb_score' is not numeric in most rows"));
        c.add(fails("no-row-survives-join", PRE, mapColumn(AFTER, "movie_title", v -> "Other " + v), 6, "no row survives the inner join"));
        c.add(fails("duplicate-header", PRE.replaceFirst("director_facebook_likes", "duration"), AFTER, 6, "duplicate column name 'duration'"));
        c.add(fails("empty-header-name", PRE.replaceFirst("director_facebook_likes", " "), AFTER, 6, "empty column name (column 3)"));
        c.add(fails("ragged-rows", raggedRows(PRE, 3), AFTER, 6, "sampled rows do not have 16 fields"));
        c.add(fails("unbalanced-quote", PRE + "\"Unclosed title,1,2\n", AFTER, 6, "unbalanced quote"));
        c.add(fails("semicolon-delimiter", PRE.replace(',', ';'), AFTER, 6, "looks ';'-delimited; set fitscore.csv.delimiter"));
        c.add(fails("binary-garbage", garbage(), AFTER, 6, "/binary-garbage/pre.csv: is not UTF-8 text"));
        c.add(fails("gzip-named-csv", gzip(PRE), AFTER, 6, "is gzip-compressed but not named .gz"));
        c.add(fails("latin1-undeclared", ACCENTED_PRE.getBytes(StandardCharsets.ISO_8859_1), ACCENTED_AFTER, 6,
                "/latin1-undeclared/pre.csv: is not UTF-8 text: " + firstNonAscii(ACCENTED_PRE) + "|set fitscore.csv.encoding"));
        // One file UTF-8, the other Latin-1 with CR line ends, the encoding set for both: the message names the misread file.
        c.add(new Case("mixed-encodings", ACCENTED_PRE, ACCENTED_AFTER.replace("\n", "\r").getBytes(StandardCharsets.ISO_8859_1), List.of(),
                Map.of("fitscore.csv.encoding", "ISO-8859-1"), 6,
                "no row survives the inner join on 'movie_title'|/mixed-encodings/pre.csv is UTF-8 but was decoded as ISO-8859-1"));
        // Settings that are wrong
        c.add(fails("unknown-trainer", PRE, AFTER, 3, "unknown trainer 'deep-magic'", "--trainer", "deep-magic"));
        c.add(new Case("row-cap-0", PRE, AFTER, List.of(), Map.of("fitscore.train.max-rows", "0"), 3, "fitscore.train.max-rows must be at least 1"));
        c.add(fails("output-contains-input", PRE, AFTER, 3, "contains the input", "--output", "s3://" + BUCKET + "/output-contains-input/"));
        c.add(fails("artifacts-inside-output", PRE, AFTER, 3, "overlap",
                "--artifacts", "s3://" + BUCKET + "/artifacts-inside-output/out/art/"));
        c.add(fails("http-input-uri", PRE, AFTER, 3, "must start with s3://, s3a:// or file://", "--inputs", "http://example.org/a.csv"));
        c.add(new Case("unknown-encoding", PRE, AFTER, List.of(), Map.of("fitscore.csv.encoding", "klingon"), 3,
                "fitscore.csv.encoding: unknown character encoding 'klingon'"));
        c.add(new Case("cv-one-fold", PRE, AFTER, List.of(), Map.of("fitscore.cv.folds", "1"), 3, "FITSCORE_CV_FOLDS must be 0"));
        c.add(fails("bad-run-date", PRE, AFTER, 3, "FITSCORE_RUN_DATE: '21/11/2026' is not a date", "--run-date", "21/11/2026"));
        c.add(new Case("several-config-problems", PRE, AFTER, List.of("--trainer", "nope"), Map.of("fitscore.train.max-rows", "-1"), 3,
                "fitscore.train.max-rows must be at least 1|unknown trainer 'nope'"));
        // The output cannot be written
        c.add(fails("output-not-writable", PRE, AFTER, 7, "s3://no-such-output-bucket/x/ is not writable",
                "--output", "s3://no-such-output-bucket/x/"));
        // Awkward but fine: these must work
        c.add(works("utf8-bom", "\uFEFF" + PRE, AFTER));
        c.add(works("crlf-line-ends", PRE.replace("\n", "\r\n"), AFTER.replace("\n", "\r\n")));
        c.add(works("cr-only-line-ends", ACCENTED_PRE.replace("\n", "\r"), ACCENTED_AFTER.replace("\n", "\r")));
        c.add(new Case("latin1-declared", ACCENTED_PRE.getBytes(StandardCharsets.ISO_8859_1), ACCENTED_AFTER.getBytes(StandardCharsets.ISO_8859_1),
                List.of(), Map.of("fitscore.csv.encoding", "ISO-8859-1"), 0, null));
        c.add(works("accented-utf8-lf", ACCENTED_PRE, ACCENTED_AFTER));
        c.add(works("quoted-commas", mapColumn(PRE, "movie_title", v -> v.strip() + ", The"), mapColumn(AFTER, "movie_title", v -> v.strip() + ", The")));
        c.add(new Case("semicolon-declared", mapColumn(PRE, "movie_title", v -> v.replace(",", "")).replace(',', ';'),
                mapColumn(AFTER, "movie_title", v -> v.replace(",", "")).replace(',', ';'),
                List.of(), Map.of("fitscore.csv.delimiter", ";"), 0, null));
        c.add(works("nan-infinity-1e308", mapColumn(PRE, "budget", v -> v.hashCode() % 3 == 0 ? "NaN" : v.hashCode() % 3 == 1 ? "Infinity" : "1e308"),
                mapColumn(AFTER, "imdb_score", v -> v.hashCode() % 7 == 0 ? "NaN" : v)));
        c.add(works("gigantic-field", gigantic(PRE), AFTER));
        c.add(new Case("gzip-named-gz", gzip(PRE), AFTER, List.of("--inputs", "s3://" + BUCKET + "/gzip-named-gz/pre.csv.gz,s3://" + BUCKET
                + "/gzip-named-gz/after.csv"), Map.of(), 0, null));
        c.add(works("padded-header-names", PRE.replaceFirst("movie_title", " movie_title\u00a0"), AFTER));
        c.add(works("few-ragged-rows", raggedRows(PRE, 40), AFTER));
        return c.stream();
    }

    private static Case fails(String name, Object pre, Object after, int exit, String message, String... args) {
        return new Case(name, pre, after, List.of(args), Map.of(), exit, message);
    }

    private static Case works(String name, Object pre, Object after) {
        return new Case(name, pre, after, List.of(), Map.of(), 0, null);
    }

    @BeforeAll
    static void upload() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            cases().forEach(c -> {
                String preKey = c.name().equals("gzip-named-gz") ? "pre.csv.gz" : "pre.csv";
                put(s3, c.name() + "/" + preKey, c.pre());
                put(s3, c.name() + "/after.csv", c.after());
            });
            s3.put(BUCKET, "output-contains-input/keep.txt", "x");
        }
    }

    private static void put(TestS3 s3, String key, Object content) {
        if (content instanceof String text) {
            s3.put(BUCKET, key, text);
        } else if (content instanceof byte[] bytes) {
            s3.put(BUCKET, key, bytes);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void catalogue(Case c, QuarkusMainLauncher launcher) {
        List<String> args = new ArrayList<>(List.of("run",
                "--inputs", "s3://" + BUCKET + "/" + c.name() + "/pre.csv,s3://" + BUCKET + "/" + c.name() + "/after.csv",
                "--output", "s3://" + BUCKET + "/" + c.name() + "/out/", "--artifacts", "s3://" + BUCKET + "/" + c.name() + "/art/",
                "--run-date", "2026-11-21"));
        for (int i = 0; i < c.args().size(); i += 2) {
            int at = args.indexOf(c.args().get(i));
            if (at >= 0) {
                args.set(at + 1, c.args().get(i + 1));
            } else {
                args.add(c.args().get(i));
                args.add(c.args().get(i + 1));
            }
        }
        Map<String, String> saved = new HashMap<>();
        c.props().forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        LaunchResult result;
        try {
            result = launcher.launch(args.toArray(String[]::new));
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
        assertEquals(c.exit(), result.exitCode(), c.name() + ": " + result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> written = s3.keys(BUCKET, c.name() + "/").stream()
                    .filter(k -> k.contains("/out/") || k.contains("/art/") || k.contains(".staging-")).toList();
            if (c.exit() == 0) {
                assertTrue(written.contains(c.name() + "/out/_SUCCESS"), c.name() + ": " + written);
                assertTrue(written.contains(c.name() + "/art/2026-11-21/metrics.json"), c.name() + ": " + written);
                assertFalse(written.stream().anyMatch(k -> k.contains(".staging-")), c.name() + ": staging left");
            } else {
                assertEquals(List.of(), written, c.name() + ": a failed run writes nothing");
                List<String> lines = result.getErrorOutput().lines().filter(l -> l.startsWith("fitscore: error: ")).toList();
                assertFalse(lines.isEmpty(), c.name() + ": no error line in " + result.getErrorOutput());
                for (String expected : c.message().split("\\|")) {
                    assertTrue(lines.stream().anyMatch(l -> l.contains(expected)), c.name() + ": expected '" + expected + "' in " + lines);
                }
                assertTrue(lines.stream().allMatch(l -> l.endsWith("[exit " + c.exit() + ": " + exitMeaning(c.exit()) + "]")), lines.toString());
                CATALOGUE.put(c.name(), c.exit() + " " + lines.get(0));
            }
        }
        if (c.exit() == 0) {
            CATALOGUE.put(c.name(), "0 (works)");
        }
    }

    /** The same data with old-Mac line ends, or in Latin-1 with the setting, gives the same published rows as UTF-8 with LF. */
    @org.junit.jupiter.api.Test
    void lineEndAndEncodingTwinsPublishTheSameRows(QuarkusMainLauncher launcher) {
        Map<String, List<String>> published = new LinkedHashMap<>();
        for (Case twin : cases().filter(c -> List.of("accented-utf8-lf", "cr-only-line-ends", "latin1-declared").contains(c.name())).toList()) {
            catalogue(twin, launcher);
            try (TestS3 s3 = S3ProxyExtension.client()) {
                published.put(twin.name(), io.fitscore.testing.Results.read(s3, BUCKET, twin.name() + "/out/").stream()
                        .map(r -> r.get("movie_title").asText() + "|" + r.get("imdb_score") + "|" + r.get("split").asText() + "|"
                                + r.get("prediction").asDouble())
                        .sorted().toList());
            }
        }
        List<String> reference = published.get("accented-utf8-lf");
        assertTrue(reference.size() > 50 && reference.get(0).contains(" Caf\u00e9|"), reference.subList(0, 3).toString());
        published.forEach((name, rows) -> assertEquals(reference, rows, name + " publishes other rows than accented-utf8-lf"));
    }

    /** What each case returned, printed by the last case for the closing note and the README. */
    static final Map<String, String> CATALOGUE = new LinkedHashMap<>();

    @org.junit.jupiter.api.AfterAll
    static void printCatalogue() {
        CATALOGUE.forEach((name, outcome) -> System.out.println("CATALOGUE " + name + " => " + outcome));
    }

    private static String exitMeaning(int code) {
        for (ExitCode e : ExitCode.values()) {
            if (e.code() == code) {
                return e.meaning();
            }
        }
        throw new IllegalArgumentException("no exit code " + code);
    }

    /** How validation names the first byte of a Latin-1 copy of {@code text} that UTF-8 cannot decode. */
    private static String firstNonAscii(String text) {
        int at = 0;
        while (text.charAt(at) < 0x80) {
            at++;
        }
        long line = text.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;
        return String.format(java.util.Locale.ROOT, "byte 0x%02X at offset %d (line %d)", (int) text.charAt(at), at, line);
    }

    private static String firstLine(String csv) {
        return csv.substring(0, csv.indexOf('\n'));
    }

    private static List<String> lines(String csv) {
        return List.of(csv.split("\n"));
    }

    /** Rewrites one column of a simple CSV (this sample quotes only titles with commas, so split on unquoted commas). */
    private static String mapColumn(String csv, String column, UnaryOperator<String> f) {
        List<String> out = new ArrayList<>();
        List<String> all = lines(csv);
        List<String> header = splitLine(all.get(0));
        int col = header.indexOf(column);
        out.add(all.get(0));
        for (String line : all.subList(1, all.size())) {
            List<String> fields = splitLine(line);
            fields.set(col, f.apply(fields.get(col)));
            out.add(String.join(",", fields.stream().map(BadInputCatalogueTest::quote).toList()));
        }
        return String.join("\n", out) + "\n";
    }

    private static String dropColumn(String csv, String column) {
        List<String> out = new ArrayList<>();
        List<String> all = lines(csv);
        int col = splitLine(all.get(0)).indexOf(column);
        for (String line : all) {
            List<String> fields = new ArrayList<>(splitLine(line));
            fields.remove(col);
            out.add(String.join(",", fields.stream().map(BadInputCatalogueTest::quote).toList()));
        }
        return String.join("\n", out) + "\n";
    }

    /** One 2 MB director name in the first data row. */
    private static String gigantic(String csv) {
        int firstRow = csv.indexOf('\n') + 1;
        return csv.substring(0, firstRow) + "x".repeat(2_000_000) + csv.substring(csv.indexOf(',', firstRow));
    }

    /** Cuts the last field off every n-th data row. */
    private static String raggedRows(String csv, int every) {
        List<String> out = new ArrayList<>();
        List<String> all = lines(csv);
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            out.add(i > 0 && i % every == 0 ? line.substring(0, line.lastIndexOf(',')) : line);
        }
        return String.join("\n", out) + "\n";
    }

    private static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new java.util.Random(5).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
