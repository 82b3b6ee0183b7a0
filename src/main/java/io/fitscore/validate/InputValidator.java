package io.fitscore.validate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fitscore.failure.Problem;
import io.fitscore.storage.ObjectStore;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/**
 * Checks, before any heavy Spark work, that each input exists, is readable CSV text with a header
 * holding the join key, that the target is there and numeric in most sampled rows, and that the
 * output can be written. Reads at most the first {@value #SAMPLE_BYTES} bytes of each input.
 */
@ApplicationScoped
public class InputValidator {

    static final int SAMPLE_BYTES = 1 << 20;
    /** Lines of each input that its schema is inferred from: enough to see rare decimals and texts, one quick read. */
    public static final int SCHEMA_SAMPLE_LINES = 20_000;
    /** The longest head read for those lines; files with longer lines leave the sampling to Spark. */
    static final int SCHEMA_HEAD_BYTES = 16 << 20;
    /** More ragged rows than this share of the sample is an error; fewer are left to Spark (filled with nulls). */
    private static final double MAX_RAGGED_SHARE = 0.1;

    @Inject
    ObjectStore store;

    /**
     * What validation found: every problem (none: all fine) and, for each input read, its URI, ETag and
     * size, so that the run need not ask S3 again.
     */
    public record Checked(List<Problem> problems, List<ObjectStore.ObjectInfo> inputs, Map<StorageUri, List<String>> headLines) {

        /**
         * @param headLines per input, its first {@value InputValidator#SCHEMA_SAMPLE_LINES} lines (the whole text of a shorter
         *        file; a folder's or pattern's first file's), which Spark infers the schema from instead of reading them again
         */
        public Checked {
            headLines = Map.copyOf(headLines);
        }

        public Checked(List<Problem> problems, List<ObjectStore.ObjectInfo> inputs) {
            this(problems, inputs, Map.of());
        }
    }

    /**
     * Every problem found in the inputs, and in the folders the run will write, which are probed
     * with a tiny write.
     */
    public Checked check(RunSettings run, char delimiter, boolean targetRequired, List<StorageUri> writableFolders) {
        return check(run, delimiter, StandardCharsets.UTF_8, targetRequired, writableFolders);
    }

    /** The same for inputs in {@code encoding} (fitscore.csv.encoding), which Spark is told too. */
    public Checked check(RunSettings run, char delimiter, Charset encoding, boolean targetRequired, List<StorageUri> writableFolders) {
        List<Problem> problems = new ArrayList<>();
        List<ObjectStore.ObjectInfo> described = new ArrayList<>();
        List<Set<String>> headers = new ArrayList<>();
        Map<StorageUri, List<String>> headLines = new HashMap<>();
        boolean allRead = true;
        for (StorageUri input : run.inputs()) {
            Optional<StorageUri> file = input.isMultiFile() ? expand(input, problems, described) : Optional.of(input);
            if (file.isEmpty()) {
                allRead = false;
                continue;
            }
            // A folder or pattern: its files are listed with their ETags; the first one's content is sampled.
            Map<StorageUri, List<String>> lines = input.isMultiFile() ? new HashMap<>() : headLines;
            Optional<Set<String>> header = checkInput(file.get(), run.joinKey(), run.target(), delimiter, encoding, problems,
                    input.isMultiFile() ? new ArrayList<>() : described, lines);
            if (input.isMultiFile() && lines.containsKey(file.get())) {
                // A folder's or pattern's schema is sampled from its first file's lines, which Spark need not read again.
                headLines.put(input, lines.get(file.get()));
            }
            header.ifPresent(headers::add);
            allRead &= header.isPresent();
        }
        if (allRead && targetRequired && headers.stream().noneMatch(h -> h.contains(run.target()))) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, "target column '" + run.target() + "' is in none of the inputs "
                    + run.inputs().stream().map(StorageUri::toString).toList()));
        }
        if (problems.isEmpty()) {
            for (StorageUri folder : writableFolders) {
                probe(folder, problems);
            }
        }
        return new Checked(problems, described, headLines);
    }

    /**
     * The inputs' versions now, found as validation found them (a HEAD per file; a folder, pattern or
     * image folder listed again), to tell whether any changed during the run.
     */
    public List<ObjectStore.ObjectInfo> currentVersions(List<StorageUri> inputs, InputFormat format) {
        List<ObjectStore.ObjectInfo> now = new ArrayList<>();
        for (StorageUri input : inputs) {
            if (format == InputFormat.IMAGE_FOLDERS) {
                now.addAll(store.describe(input).stream().filter(o -> InputFormat.isImage(o.uri())).toList());
            } else if (input.isMultiFile()) {
                expand(input, new ArrayList<>(), now);
            } else {
                now.add(store.head(input));
            }
        }
        return now;
    }

    /** The files a folder or pattern input names (recorded in {@code described}); the first of them, or none (a problem). */
    private Optional<StorageUri> expand(StorageUri input, List<Problem> problems, List<ObjectStore.ObjectInfo> described) {
        try {
            StorageUri folder = input.listingFolder().asPrefix();
            int base = folder.toString().length();
            List<ObjectStore.ObjectInfo> files = store.describe(folder).stream()
                    .filter(o -> input.names(folder.key() + o.uri().substring(base))).toList();
            if (files.isEmpty()) {
                problems.add(new Problem(ExitCode.INPUT_MISSING, input + ": no file " + (input.key().endsWith("/") ? "under this prefix"
                        : "matches this pattern")));
                return Optional.empty();
            }
            described.addAll(files);
            return Optional.of(folder.resolve(files.get(0).uri().substring(base)));
        } catch (FitscoreException e) {
            problems.add(new Problem(e.exitCode(), e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * For jobs reading folders of images: each input prefix holds at least one image file (by name, see
     * {@link InputFormat#IMAGE_SUFFIXES}); decoding is left to Spark, which names an undecodable file. The
     * listing gives every image's ETag and size for provenance.
     */
    public Checked checkImageFolders(List<StorageUri> folders, List<StorageUri> writableFolders) {
        List<Problem> problems = new ArrayList<>();
        List<ObjectStore.ObjectInfo> images = new ArrayList<>();
        for (StorageUri folder : folders) {
            try {
                List<ObjectStore.ObjectInfo> objects = store.describe(folder);
                List<ObjectStore.ObjectInfo> found = objects.stream().filter(o -> InputFormat.isImage(o.uri())).toList();
                if (objects.isEmpty()) {
                    problems.add(new Problem(ExitCode.INPUT_MISSING, folder.asPrefix() + ": no files under this prefix (an empty or missing folder)"));
                } else if (found.isEmpty()) {
                    problems.add(new Problem(ExitCode.INPUT_INVALID, folder.asPrefix() + ": " + objects.size() + " file(s) but no image among them "
                            + "(read by name: " + String.join(", ", InputFormat.IMAGE_SUFFIXES) + ")"));
                }
                images.addAll(found);
            } catch (FitscoreException e) {
                problems.add(new Problem(e.exitCode(), e.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            for (StorageUri folder : writableFolders) {
                probe(folder, problems);
            }
        }
        return new Checked(problems, images);
    }

    private Optional<Set<String>> checkInput(StorageUri input, Optional<String> key, String target, char delimiter, Charset encoding,
            List<Problem> problems,
            List<ObjectStore.ObjectInfo> described, Map<StorageUri, List<String>> headLines) {
        String name = input.toString();
        byte[] head;
        long size;
        try {
            ObjectStore.ObjectInfo info = store.head(input);
            described.add(info);
            size = info.size();
            if (size == 0) {
                problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": the file is empty"));
                return Optional.empty();
            }
            head = store.readHead(input, SAMPLE_BYTES);
        } catch (FitscoreException e) {
            problems.add(new Problem(e.exitCode(), e.getMessage()));
            return Optional.empty();
        }
        boolean wholeFile = head.length >= size;
        boolean compressed = false;
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            if (!input.key().endsWith(".gz")) {
                problems.add(new Problem(ExitCode.INPUT_INVALID, name
                        + ": is gzip-compressed but not named .gz; name it .csv.gz (Spark then decompresses it) or upload plain CSV"));
                return Optional.empty();
            }
            // Spark decompresses .gz by name; the sample is the decompressed start of the file.
            compressed = true;
            GzipSample unzipped = gunzipHead(head);
            head = unzipped.bytes();
            wholeFile = wholeFile && unzipped.complete();
        }
        String text;
        try {
            text = decode(head, wholeFile, encoding);
        } catch (CharacterCodingException e) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": " + notText(head, encoding)));
            return Optional.empty();
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": holds NUL bytes (line " + lineAt(head, indexOf(head, (byte) 0))
                    + "): binary data, not CSV text"));
            return Optional.empty();
        }
        text = withoutBom(text);
        // Spark infers the schema from these lines instead of reading them again (the header is cleaned of a BOM anyway).
        if (wholeFile) {
            headLines.put(input, firstLines(text, SCHEMA_SAMPLE_LINES, true));
        } else if (!compressed) {
            schemaHead(input, size, text, encoding).ifPresent(lines -> headLines.put(input, lines));
        }
        CsvSample sample = CsvSample.parse(text, delimiter, wholeFile);
        if (sample.records.isEmpty()) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": no header line"));
            return Optional.empty();
        }
        List<String> header = sample.records.get(0).fields().stream().map(InputValidator::cleanName).toList();
        if (header.size() == 1) {
            for (char other : new char[] {';', '\t', '|'}) {
                if (other != delimiter && header.get(0).indexOf(other) >= 0) {
                    problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": the header has one column and looks '"
                            + (other == '\t' ? "\\t" : String.valueOf(other)) + "'-delimited; set fitscore.csv.delimiter accordingly"));
                    return Optional.empty();
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (column.isEmpty()) {
                problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": the header has an empty column name (column "
                        + (header.indexOf(column) + 1) + ")"));
            } else if (!seen.add(column)) {
                problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": duplicate column name '" + column + "' in the header"));
            }
        }
        if (sample.unbalancedQuote) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": unbalanced quote: the quoted field opened on line "
                    + sample.unbalancedQuoteLine + " never closes"));
        }
        List<CsvSample.Record> rows = sample.records.subList(1, sample.records.size()).stream()
                .filter(r -> !(r.fields().size() == 1 && r.fields().get(0).isBlank())).toList();
        if (rows.isEmpty() && wholeFile) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": has a header but no data rows"));
        }
        long ragged = rows.stream().filter(r -> r.fields().size() != header.size()).count();
        if (!rows.isEmpty() && ragged > rows.size() * MAX_RAGGED_SHARE) {
            CsvSample.Record first = rows.stream().filter(r -> r.fields().size() != header.size()).findFirst().orElseThrow();
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": " + ragged + " of " + rows.size() + " sampled rows do not have "
                    + header.size() + " fields (line " + first.line() + " has " + first.fields().size() + ")"));
        }
        if (key.isPresent() && !header.contains(key.get())) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": join key column '" + key.get() + "' not in header " + header));
        }
        int t = header.indexOf(target);
        if (t >= 0 && !rows.isEmpty()) {
            checkTarget(name, target, t, rows, problems);
        }
        return Optional.of(new HashSet<>(header));
    }

    private static void checkTarget(String name, String target, int column, List<CsvSample.Record> rows, List<Problem> problems) {
        int present = 0;
        int numeric = 0;
        CsvSample.Record firstBad = null;
        for (CsvSample.Record r : rows) {
            if (column >= r.fields().size() || r.fields().get(column).isBlank()) {
                continue;
            }
            present++;
            try {
                double v = Double.parseDouble(r.fields().get(column).strip());
                if (Double.isFinite(v)) {
                    numeric++;
                    continue;
                }
            } catch (NumberFormatException notANumber) {
                // counted below
            }
            if (firstBad == null) {
                firstBad = r;
            }
        }
        if (present == 0) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": target column '" + target + "' is empty in all " + rows.size()
                    + " sampled rows"));
        } else if (numeric * 2 < present) {
            problems.add(new Problem(ExitCode.INPUT_INVALID, name + ": target column '" + target + "' is not numeric in most rows ("
                    + numeric + " of " + present + "; line " + firstBad.line() + " has '" + firstBad.fields().get(column) + "')"));
        }
    }

    /** A tiny write (then delete) beside the output, so an unwritable output fails in seconds, not after training. */
    private void probe(StorageUri folder, List<Problem> problems) {
        StorageUri probeFolder = folder.stagingSibling("probe");
        try {
            store.put(probeFolder.resolve("_probe"), new byte[0], "application/octet-stream");
            store.deleteFolder(probeFolder);
        } catch (FitscoreException e) {
            problems.add(new Problem(e.exitCode() == ExitCode.CREDENTIALS ? ExitCode.CREDENTIALS : ExitCode.OUTPUT_FAILED,
                    folder + " is not writable: " + e.getMessage()));
        }
    }

    private record GzipSample(byte[] bytes, boolean complete) {
    }

    private static GzipSample gunzipHead(byte[] compressed) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < SAMPLE_BYTES && (n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            return new GzipSample(out.toByteArray(), out.size() < SAMPLE_BYTES);
        } catch (java.io.IOException truncated) {
            return new GzipSample(out.toByteArray(), false);
        }
    }

    /** Column names as fitscore uses them: trimmed of white space (U+00A0 and a BOM included). */
    public static String cleanName(String raw) {
        return raw.replaceAll("^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$", "");
    }

    /**
     * The first {@value #SCHEMA_SAMPLE_LINES} lines of a file larger than the sample: from the sample when it holds
     * them, else from one longer read; none when even that does not hold them (then Spark samples the file).
     */
    private Optional<List<String>> schemaHead(StorageUri input, long size, String sample, Charset encoding) {
        List<String> lines = firstLines(sample, SCHEMA_SAMPLE_LINES, false);
        if (lines.size() == SCHEMA_SAMPLE_LINES) {
            return Optional.of(lines);
        }
        byte[] longer;
        try {
            longer = store.readHead(input, (int) Math.min(size, SCHEMA_HEAD_BYTES));
        } catch (FitscoreException e) {
            return Optional.empty(); // the sample was read a moment ago: Spark's own read will report a real problem
        }
        boolean whole = longer.length >= size;
        String text;
        try {
            text = decode(longer, whole, encoding);
        } catch (CharacterCodingException e) {
            return Optional.empty(); // past the checked sample: Spark reads it as it can, odd values become malformed rows
        }
        lines = firstLines(withoutBom(text), SCHEMA_SAMPLE_LINES, whole);
        return lines.size() == SCHEMA_SAMPLE_LINES || whole ? Optional.of(lines) : Optional.empty();
    }

    /**
     * At most {@code limit} lines of a text, split as Spark's text reader splits a file: at a line feed, a carriage
     * return or both; no empty line after a final line break. Of a text that is not the whole file only the lines
     * whose break it holds, as the last one may be cut off.
     */
    public static List<String> firstLines(String text, int limit, boolean wholeFile) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n && lines.size() < limit) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (end == n && !wholeFile) {
                break;
            }
            lines.add(text.substring(start, end));
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return lines;
    }

    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * The text in {@code encoding}, strictly: a byte that is not a character of it is an error. A UTF-8 sample cut
     * inside a multi-byte character loses only that character.
     */
    static String decode(byte[] bytes, boolean wholeFile, Charset encoding) throws CharacterCodingException {
        int length = bytes.length;
        if (!wholeFile && encoding.equals(StandardCharsets.UTF_8)) {
            while (length > 0 && (bytes[length - 1] & 0xC0) == 0x80) {
                length--;
            }
            if (length > 0 && (bytes[length - 1] & 0x80) != 0) {
                length--;
            }
        }
        return encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    }

    /** What is wrong with a text that does not decode: the first bad byte, its offset and line, and the setting to use. */
    static String notText(byte[] bytes, Charset encoding) {
        java.nio.charset.CharsetDecoder decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        int offset = in.position();
        String hint = encoding.equals(StandardCharsets.UTF_8)
                ? "; if the file is in another encoding, set fitscore.csv.encoding (e.g. windows-1252 or ISO-8859-1 for spreadsheet exports)"
                : "; check fitscore.csv.encoding";
        return String.format(java.util.Locale.ROOT, "is not %s text: byte 0x%02X at offset %d (line %d) is not a %s character%s",
                encoding.name(), offset < bytes.length ? bytes[offset] & 0xff : 0, offset, lineAt(bytes, offset), encoding.name(), hint);
    }

    /** The 1-based line of a byte offset, lines ending at LF, CR or CRLF as Spark splits them. */
    static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, bytes.length); i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

}
