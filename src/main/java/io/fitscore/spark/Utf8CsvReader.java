package io.fitscore.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.catalyst.csv.UnivocityParser;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.util.FailureSafeParser;
import org.apache.spark.sql.catalyst.util.PermissiveMode$;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import scala.Tuple2;

/**
 * Reads UTF-8 CSV files into Spark rows straight from their bytes, for the plain lines that make up nearly all of a
 * table, and hands every other line to Spark's own CSV parser, so that the rows, the missing values and the malformed
 * rows are the ones {@code spark.read().csv(...)} gives with the same schema and options.
 *
 * <p>Why: Spark's reader decodes each line to a Java string, tokenises it char by char, makes a string of every field
 * and encodes the text fields back to UTF-8; on a 16-column table that is most of read-join's CPU. Here a line is
 * split at its delimiter bytes, a text field is copied as bytes, and a number is read from its digits.
 *
 * <p>A line goes to Spark's parser (univocity, Spark's options, its failure-safe permissive mode) when it has a quote, a
 * control character, bytes that are not well-formed UTF-8, another number of fields than the schema, or a field
 * that is not a plain decimal number where the schema wants one; those are the lines where the two readers could
 * differ. Files are split as Spark splits them, lines are read by the same Hadoop line reader, and the first
 * non-blank line of each file is its header, as in Spark.
 */
final class Utf8CsvReader {

    private Utf8CsvReader() {
    }

    /**
     * The rows of the CSV files at {@code paths} with {@code schema} followed by a text column named
     * {@code malformedColumn} (the line, where it did not fit the schema; else missing), or empty when this reader
     * does not apply to these options or types, in which case Spark's own reader is the one to use.
     *
     * @param options Spark's CSV options for these files (fitscore's: header, sep, quote, escape, mode, encoding)
     * @param trimmed a text column (the join key) read without its {@link EdgeSpace}, as btrim would leave it
     */
    static Optional<Read> read(SparkSession spark, String[] paths, boolean recursive, StructType schema,
            String malformedColumn, Map<String, String> options, Optional<String> trimmed) {
        Optional<Byte> delimiter = plainDelimiter(options);
        if (delimiter.isEmpty() || !readsUtf8(options) || !"\"".equals(options.get("quote"))
                || !"\"".equals(options.get("escape")) || !"true".equals(options.get("header"))
                || !"PERMISSIVE".equalsIgnoreCase(options.getOrDefault("mode", "PERMISSIVE"))
                || options.keySet().stream().anyMatch(k -> !KNOWN_OPTIONS.contains(k.toLowerCase(Locale.ROOT)))
                || !Arrays.stream(schema.fields()).allMatch(f -> FIELD_TYPES.contains(f.dataType()))) {
            return Optional.empty();
        }
        org.apache.spark.sql.classic.SparkSession session = (org.apache.spark.sql.classic.SparkSession) spark;
        Configuration conf;
        long fileBytes;
        try {
            Job job = Job.getInstance(session.sessionState().newHadoopConf());
            Path[] inputs = Arrays.stream(paths).map(Path::new).toArray(Path[]::new);
            FileInputFormat.setInputPaths(job, inputs);
            FileInputFormat.setInputDirRecursive(job, recursive);
            List<Long> sizes = fileSizes(job.getConfiguration(), inputs, recursive);
            fileBytes = sizes.stream().mapToLong(Long::longValue).sum();
            long splitBytes = splitBytes(session, sizes);
            FileInputFormat.setMinInputSplitSize(job, splitBytes);
            FileInputFormat.setMaxInputSplitSize(job, splitBytes);
            conf = job.getConfiguration();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StructType withMalformed = schema.add(malformedColumn, DataTypes.StringType, true);
        var lines = new JavaSparkContext(session.sparkContext()).newAPIHadoopRDD(conf, TextInputFormat.class, LongWritable.class, Text.class);
        var rows = lines.mapPartitions(new Lines(schema, malformedColumn, delimiter.get(), Map.copyOf(options),
                trimmed.map(schema::fieldIndex).orElse(-1)));
        return Optional.of(new Read(session.internalCreateDataFrame(rows.rdd(), withMalformed, false), fileBytes));
    }

    /**
     * The rows read, and the bytes of the files they come from: what Spark's plan statistics give for its own file
     * scan (a plan over an RDD has none), e.g. to choose the smaller side of a join.
     */
    record Read(Dataset<Row> rows, long fileBytes) {
    }

    private static final List<DataType> FIELD_TYPES = List.of(DataTypes.StringType, DataTypes.IntegerType, DataTypes.LongType,
            DataTypes.DoubleType);
    private static final List<String> KNOWN_OPTIONS = List.of("header", "sep", "quote", "escape", "mode", "encoding");

    private static Optional<Byte> plainDelimiter(Map<String, String> options) {
        String sep = options.getOrDefault("sep", ",");
        if (sep.length() != 1) {
            return Optional.empty();
        }
        char c = sep.charAt(0);
        // A delimiter byte must not be one this reader treats specially, nor part of a multi-byte character.
        return c < 0x80 && c != '"' && c != '\n' && c != '\r' && c != 0 && (c >= 0x20 || c == '\t')
                ? Optional.of((byte) c) : Optional.empty();
    }

    private static boolean readsUtf8(Map<String, String> options) {
        String encoding = options.getOrDefault("encoding", "UTF-8");
        try {
            return java.nio.charset.Charset.forName(encoding).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Long> fileSizes(Configuration conf, Path[] inputs, boolean recursive) throws IOException {
        List<Long> sizes = new ArrayList<>();
        for (Path input : inputs) {
            FileSystem fs = input.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(input);
            for (FileStatus status : matched == null ? new FileStatus[0] : matched) {
                if (status.isFile()) {
                    sizes.add(status.getLen());
                } else {
                    RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), recursive);
                    while (files.hasNext()) {
                        sizes.add(files.next().getLen());
                    }
                }
            }
        }
        return sizes;
    }

    /**
     * The split size Spark's file sources use (FilePartition.maxSplitBytes): the files' bytes, each plus the open
     * cost, shared among the session's default parallelism, at least the open cost and at most maxPartitionBytes.
     */
    private static long splitBytes(org.apache.spark.sql.classic.SparkSession session, List<Long> sizes) {
        SQLConf sql = session.sessionState().conf();
        long openCost = sql.filesOpenCostInBytes();
        long total = sizes.stream().mapToLong(size -> size + openCost).sum();
        int parallelism = sql.filesMinPartitionNum().isDefined() ? (Integer) sql.filesMinPartitionNum().get()
                : session.leafNodeDefaultParallelism();
        return Math.min(sql.filesMaxPartitionBytes(), Math.max(openCost, total / Math.max(1, parallelism)));
    }

    /** One partition's lines (one split of one file, keyed by their byte offset) turned into rows. */
    private static final class Lines implements FlatMapFunction<Iterator<Tuple2<LongWritable, Text>>, InternalRow> {

        private static final long serialVersionUID = 1L;
        private final StructType schema;
        private final String malformedColumn;
        private final byte delimiter;
        private final Map<String, String> options;
        private final int trimmed;

        Lines(StructType schema, String malformedColumn, byte delimiter, Map<String, String> options, int trimmed) {
            this.schema = schema;
            this.malformedColumn = malformedColumn;
            this.delimiter = delimiter;
            this.options = options;
            this.trimmed = trimmed;
        }

        @Override
        public Iterator<InternalRow> call(Iterator<Tuple2<LongWritable, Text>> lines) {
            return new LineRows(lines, new LineParser(schema, malformedColumn, delimiter, options, trimmed));
        }
    }

    /** The rows of one partition's lines, skipping blank lines and, at the start of a file, its header. */
    private static final class LineRows implements Iterator<InternalRow> {

        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final LineParser parser;
        private boolean headerPending;
        private boolean first = true;
        private InternalRow next;

        LineRows(Iterator<Tuple2<LongWritable, Text>> lines, LineParser parser) {
            this.lines = lines;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (next == null && lines.hasNext()) {
                Tuple2<LongWritable, Text> line = lines.next();
                if (first) {
                    // Only the split that starts a file begins at offset 0; its first non-blank line is the header.
                    headerPending = line._1().get() == 0;
                    first = false;
                }
                Text text = line._2();
                if (isBlank(text.getBytes(), text.getLength())) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    continue;
                }
                next = parser.row(text.getBytes(), text.getLength());
            }
            return next != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow row = next;
            next = null;
            return row;
        }

        /** Blank as Spark skips it: nothing but characters up to U+0020 (String.trim). */
        private static boolean isBlank(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if ((bytes[i] & 0xFF) > 0x20) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Turns one line's bytes into a row: directly when the line is plain, else by Spark's parser. */
    static final class LineParser {

        private static final int STRING = 0;
        private static final int INT = 1;
        private static final int LONG = 2;
        private static final int DOUBLE = 3;
        private static final double[] POWERS_OF_TEN = new double[23];

        static {
            POWERS_OF_TEN[0] = 1;
            for (int i = 1; i < POWERS_OF_TEN.length; i++) {
                POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
            }
        }

        private final int[] types;
        private final StructType withMalformed;
        private final byte delimiter;
        private final int[] starts;
        private final int[] ends;
        /** Whether a quoted field has doubled quotes inside, which stand for one. */
        private final boolean[] escaped;
        private byte[] unescaped = new byte[256];
        private final UnsafeRowWriter writer;
        private final FailureSafeParser<String> spark;
        /** The field read without its edge space, or -1. */
        private final int trimmed;
        /** The value read by {@link #readLong} or {@link #readDouble}; avoids boxing on the hot path. */
        private long longValue;
        private double doubleValue;

        LineParser(StructType schema, String malformedColumn, byte delimiter, Map<String, String> options, int trimmed) {
            this.trimmed = trimmed;
            this.types = Arrays.stream(schema.fields()).mapToInt(f -> typeOf(f.dataType())).toArray();
            this.withMalformed = schema.add(malformedColumn, DataTypes.StringType, true);
            this.delimiter = delimiter;
            this.starts = new int[types.length];
            this.ends = new int[types.length];
            this.escaped = new boolean[types.length];
            this.writer = new UnsafeRowWriter(types.length + 1, 64 * types.length);
            Map<String, String> sparkOptions = new java.util.HashMap<>(options);
            sparkOptions.put("columnNameOfCorruptRecord", malformedColumn);
            // As Spark's CSV source reads when the malformed-row column is asked for: no column pruning.
            CSVOptions csv = new CSVOptions(scalaMap(sparkOptions), false, "UTC");
            UnivocityParser univocity = new UnivocityParser(schema, schema, csv);
            this.spark = new FailureSafeParser<>(new ParseLine(univocity), PermissiveMode$.MODULE$, withMalformed, malformedColumn);
        }

        private static int typeOf(DataType type) {
            if (type.equals(DataTypes.IntegerType)) {
                return INT;
            }
            if (type.equals(DataTypes.LongType)) {
                return LONG;
            }
            return type.equals(DataTypes.DoubleType) ? DOUBLE : STRING;
        }

        /** The row of a non-blank data line; the writer's row is reused for the next line. */
        InternalRow row(byte[] bytes, int length) {
            return readsDirectly(bytes, length) ? writer.getRow() : bySpark(bytes, length);
        }

        /** Whether the line is plain, which writes its row; else Spark's parser is to read it. */
        boolean readsDirectly(byte[] bytes, int length) {
            return split(bytes, length) && write(bytes);
        }

        /**
         * The field bounds of a plain line, or false when it has another number of fields or something Spark's parser
         * must judge: a control character, a quote inside an unquoted field or after a closing quote, an unclosed quote,
         * bytes that are not well-formed UTF-8. A quoted field's bounds are inside its quotes.
         */
        private boolean split(byte[] bytes, int length) {
            int field = 0;
            int i = 0;
            boolean asciiOnly = true;
            while (true) {
                if (field == types.length) {
                    return false;
                }
                int start = i;
                if (i < length && bytes[i] == '"') {
                    boolean doubled = false;
                    int j = i + 1;
                    while (true) {
                        if (j >= length) {
                            return false;
                        }
                        byte b = bytes[j];
                        if (b == '"') {
                            if (j + 1 < length && bytes[j + 1] == '"') {
                                doubled = true;
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        if (b >= 0 && b < 0x20) {
                            return false;
                        }
                        asciiOnly &= b >= 0;
                        j++;
                    }
                    starts[field] = start + 1;
                    ends[field] = j;
                    escaped[field++] = doubled;
                    i = j + 1;
                    if (i == length) {
                        break;
                    }
                    if (bytes[i] != delimiter) {
                        return false;
                    }
                    i++;
                    continue;
                }
                while (i < length) {
                    byte b = bytes[i];
                    if (b == delimiter) {
                        break;
                    }
                    if (b == '"' || (b >= 0 && b < 0x20)) {
                        return false;
                    }
                    asciiOnly &= b >= 0;
                    i++;
                }
                starts[field] = start;
                ends[field] = i;
                escaped[field++] = false;
                if (i == length) {
                    break;
                }
                i++;
            }
            return field == types.length && (asciiOnly || wellFormedUtf8(bytes, 0, length));
        }

        private boolean write(byte[] bytes) {
            writer.reset();
            writer.zeroOutNullBytes();
            for (int i = 0; i < types.length; i++) {
                int start = starts[i];
                int end = ends[i];
                if (start == end) {
                    writer.setNullAt(i);
                    continue;
                }
                byte[] source = bytes;
                if (escaped[i]) {
                    if (types[i] != STRING) {
                        return false;
                    }
                    end = unescape(bytes, start, end);
                    start = 0;
                    source = unescaped;
                }
                switch (types[i]) {
                    case INT -> {
                        if (!readLong(bytes, start, end) || longValue != (int) longValue) {
                            return false;
                        }
                        writer.write(i, (int) longValue);
                    }
                    case LONG -> {
                        if (!readLong(bytes, start, end)) {
                            return false;
                        }
                        writer.write(i, longValue);
                    }
                    case DOUBLE -> {
                        if (!readDouble(bytes, start, end)) {
                            return false;
                        }
                        writer.write(i, doubleValue);
                    }
                    default -> {
                        if (i == trimmed) {
                            writeTrimmed(i, source, start, end);
                        } else {
                            writer.write(i, source, start, end - start);
                        }
                    }
                }
            }
            writer.setNullAt(types.length);
            return true;
        }

        /** Copies a quoted value into {@link #unescaped} with each doubled quote as one; its length. */
        private int unescape(byte[] bytes, int start, int end) {
            if (unescaped.length < end - start) {
                unescaped = new byte[Math.max(end - start, 2 * unescaped.length)];
            }
            int length = 0;
            for (int i = start; i < end; i++) {
                unescaped[length++] = bytes[i];
                if (bytes[i] == '"') {
                    i++; // split() saw that the next byte is the second quote of the pair
                }
            }
            return length;
        }

        /**
         * A text value without its edge space: spaces are cut here (a plain line has no other ASCII white space), and a
         * value that would still start or end outside ASCII is trimmed by btrim's own function.
         */
        private void writeTrimmed(int field, byte[] bytes, int start, int end) {
            while (start < end && bytes[start] == ' ') {
                start++;
            }
            while (end > start && bytes[end - 1] == ' ') {
                end--;
            }
            if (start < end && (bytes[start] < 0 || bytes[end - 1] < 0)) {
                writer.write(field, EdgeSpace.trim(UTF8String.fromBytes(bytes, start, end - start)));
            } else {
                writer.write(field, bytes, start, end - start);
            }
        }

        /**
         * An optionally signed run of ASCII digits in the range of a long, read as Long.parseLong reads it (by
         * subtraction, so that the most negative long fits); false for anything else, which Spark's parser then reads
         * or rejects.
         */
        private boolean readLong(byte[] bytes, int start, int end) {
            int i = start;
            boolean negative = bytes[i] == '-';
            if (negative || bytes[i] == '+') {
                i++;
            }
            if (i == end) {
                return false;
            }
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            long beforeLastDigit = limit / 10;
            long value = 0;
            for (; i < end; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9 || value < beforeLastDigit) {
                    return false;
                }
                value *= 10;
                if (value < limit + digit) {
                    return false;
                }
                value -= digit;
            }
            longValue = negative ? value : -value;
            return true;
        }

        /**
         * A plain decimal number ([+-]digits[.digits][e[+-]digits]), as Double.parseDouble reads it: exactly, by one
         * correctly rounded multiplication or division when the digits and the power of ten are both exact doubles
         * (at most 15 significant digits, a power up to 22), else by Double.parseDouble itself. False for anything
         * else (spaces, NaN, Inf, hexadecimal, a type suffix), which Spark's parser then reads.
         */
        private boolean readDouble(byte[] bytes, int start, int end) {
            int i = start;
            boolean negative = false;
            if (bytes[i] == '-' || bytes[i] == '+') {
                negative = bytes[i] == '-';
                i++;
            }
            long mantissa = 0;
            int significant = 0;
            int digits = 0;
            int fractionDigits = 0;
            boolean point = false;
            for (; i < end; i++) {
                byte b = bytes[i];
                if (b >= '0' && b <= '9') {
                    digits++;
                    if (point) {
                        fractionDigits++;
                    }
                    if (significant > 0 || b != '0') {
                        significant++;
                        if (significant <= 18) {
                            mantissa = mantissa * 10 + (b - '0');
                        }
                    }
                } else if (b == '.' && !point) {
                    point = true;
                } else {
                    break;
                }
            }
            if (digits == 0) {
                return false;
            }
            int exponent = 0;
            if (i < end) {
                if (bytes[i] != 'e' && bytes[i] != 'E') {
                    return false;
                }
                i++;
                boolean negativeExponent = false;
                if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
                    negativeExponent = bytes[i] == '-';
                    i++;
                }
                if (i == end || end - i > 6) {
                    return false;
                }
                for (; i < end; i++) {
                    int digit = bytes[i] - '0';
                    if (digit < 0 || digit > 9) {
                        return false;
                    }
                    exponent = exponent * 10 + digit;
                }
                if (negativeExponent) {
                    exponent = -exponent;
                }
            }
            double value;
            int power = exponent - fractionDigits;
            if (mantissa == 0 && significant == 0) {
                value = 0;
            } else if (significant <= 15 && power >= 0 && power < POWERS_OF_TEN.length) {
                value = mantissa * POWERS_OF_TEN[power];
            } else if (significant <= 15 && power < 0 && -power < POWERS_OF_TEN.length) {
                value = mantissa / POWERS_OF_TEN[-power];
            } else {
                value = Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
                doubleValue = value;
                return true;
            }
            doubleValue = negative ? -value : value;
            return true;
        }

        /** The line as Spark's CSV source reads it: decoded, parsed by univocity, permissive about what does not fit. */
        private InternalRow bySpark(byte[] bytes, int length) {
            String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
            scala.collection.Iterator<InternalRow> parsed = spark.parse(line);
            if (!parsed.hasNext()) {
                // Spark's permissive parser always gives one row per non-blank line; keep the line rather than lose it.
                throw new IllegalStateException("Spark's CSV parser gave no row for a line");
            }
            InternalRow row = parsed.next();
            writer.reset();
            writer.zeroOutNullBytes();
            for (int i = 0; i <= types.length; i++) {
                if (row.isNullAt(i)) {
                    writer.setNullAt(i);
                    continue;
                }
                switch (i == types.length ? STRING : types[i]) {
                    case INT -> writer.write(i, row.getInt(i));
                    case LONG -> writer.write(i, row.getLong(i));
                    case DOUBLE -> writer.write(i, row.getDouble(i));
                    default -> writer.write(i, i == trimmed ? EdgeSpace.trim(row.getUTF8String(i)) : row.getUTF8String(i));
                }
            }
            return writer.getRow();
        }

        /** Whether the bytes are UTF-8 that Java's decoder takes as it is (no replacement characters): Unicode's well-formed table. */
        static boolean wellFormedUtf8(byte[] bytes, int start, int end) {
            int i = start;
            while (i < end) {
                int b = bytes[i] & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                int more;
                int low = 0x80;
                int high = 0xBF;
                if (b >= 0xC2 && b <= 0xDF) {
                    more = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    more = 2;
                    if (b == 0xE0) {
                        low = 0xA0;
                    } else if (b == 0xED) {
                        high = 0x9F;
                    }
                } else if (b >= 0xF0 && b <= 0xF4) {
                    more = 3;
                    if (b == 0xF0) {
                        low = 0x90;
                    } else if (b == 0xF4) {
                        high = 0x8F;
                    }
                } else {
                    return false;
                }
                if (i + more >= end) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if (second < low || second > high) {
                    return false;
                }
                for (int k = 2; k <= more; k++) {
                    int next = bytes[i + k] & 0xFF;
                    if (next < 0x80 || next > 0xBF) {
                        return false;
                    }
                }
                i += more + 1;
            }
            return true;
        }

        private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
            return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(map));
        }
    }

    /** Spark's per-line parse as the failure-safe parser takes it (an Option seen as a collection). */
    private static final class ParseLine extends scala.runtime.AbstractFunction1<String, scala.collection.Iterable<InternalRow>> {

        private final UnivocityParser parser;

        ParseLine(UnivocityParser parser) {
            this.parser = parser;
        }

        @Override
        public scala.collection.Iterable<InternalRow> apply(String line) {
            scala.Option<InternalRow> row = parser.parse().apply(line);
            return row.toList();
        }
    }
}
