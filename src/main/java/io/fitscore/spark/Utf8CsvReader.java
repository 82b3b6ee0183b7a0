package io.fitscore.spark;

import java.io.IOException;
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
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scala.Tuple2;

import io.fitscore.spark.line.SparkLine;

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
        return read(spark, paths, recursive, schema, malformedColumn, options, trimmed, Optional.empty());
    }

    /**
     * As above, and without the rows whose {@code requiredKey} is missing (null, or text that is empty once trimmed),
     * which are counted in the read's {@link ReadCounts}.
     */
    static Optional<Read> read(SparkSession spark, String[] paths, boolean recursive, StructType schema,
            String malformedColumn, Map<String, String> options, Optional<String> trimmed, Optional<String> requiredKey) {
        Optional<Byte> delimiter = plainDelimiter(options);
        if (delimiter.isEmpty() || !readsUtf8(options) || !"\"".equals(options.get("quote"))
                || !"\"".equals(options.get("escape")) || !"true".equals(options.get("header"))
                || !"PERMISSIVE".equalsIgnoreCase(options.getOrDefault("mode", "PERMISSIVE"))
                || options.keySet().stream().anyMatch(k -> !KNOWN_OPTIONS.contains(k.toLowerCase(Locale.ROOT)))
                || !Arrays.stream(schema.fields()).allMatch(f -> FIELD_TYPES.contains(f.dataType()))) {
            return Optional.empty();
        }
        Configuration conf;
        long fileBytes;
        try {
            Job job = Job.getInstance(SparkLine.newHadoopConf(spark));
            Path[] inputs = Arrays.stream(paths).map(Path::new).toArray(Path[]::new);
            FileInputFormat.setInputPaths(job, inputs);
            FileInputFormat.setInputDirRecursive(job, recursive);
            List<Long> sizes = fileSizes(job.getConfiguration(), inputs, recursive);
            fileBytes = sizes.stream().mapToLong(Long::longValue).sum();
            long splitBytes = splitBytes(spark, sizes);
            FileInputFormat.setMinInputSplitSize(job, splitBytes);
            FileInputFormat.setMaxInputSplitSize(job, splitBytes);
            conf = job.getConfiguration();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StructType withMalformed = schema.add(malformedColumn, DataTypes.StringType, true);
        var lines = new JavaSparkContext(spark.sparkContext()).newAPIHadoopRDD(conf, TextInputFormat.class, LongWritable.class, Text.class);
        ReadCounts counts = ReadCounts.register(spark.sparkContext());
        int key = requiredKey.map(schema::fieldIndex).orElse(-1);
        boolean textKey = key >= 0 && schema.fields()[key].dataType().equals(DataTypes.StringType);
        var rows = lines.mapPartitions(new Lines(schema, malformedColumn, delimiter.get(), Map.copyOf(options),
                trimmed.map(schema::fieldIndex).orElse(-1), counts, key, textKey));
        return Optional.of(new Read(SparkLine.internalCreateDataFrame(spark, rows.rdd(), withMalformed), fileBytes, counts));
    }

    /**
     * The rows read, the bytes of the files they come from (what Spark's plan statistics give for its own file scan;
     * a plan over an RDD has none), e.g. to choose the smaller side of a join, and what was counted while reading.
     */
    record Read(Dataset<Row> rows, long fileBytes, ReadCounts counts) {
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
    private static long splitBytes(SparkSession spark, List<Long> sizes) {
        SQLConf sql = SparkLine.sqlConf(spark);
        long openCost = sql.filesOpenCostInBytes();
        long total = sizes.stream().mapToLong(size -> size + openCost).sum();
        int parallelism = sql.filesMinPartitionNum().isDefined() ? (Integer) sql.filesMinPartitionNum().get()
                : SparkLine.leafNodeDefaultParallelism(spark);
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
        private final ReadCounts counts;
        private final int requiredKey;
        private final boolean textKey;

        Lines(StructType schema, String malformedColumn, byte delimiter, Map<String, String> options, int trimmed,
                ReadCounts counts, int requiredKey, boolean textKey) {
            this.schema = schema;
            this.malformedColumn = malformedColumn;
            this.delimiter = delimiter;
            this.options = options;
            this.trimmed = trimmed;
            this.counts = counts;
            this.requiredKey = requiredKey;
            this.textKey = textKey;
        }

        @Override
        public Iterator<InternalRow> call(Iterator<Tuple2<LongWritable, Text>> lines) {
            return new LineRows(lines, new CsvLineParser(schema, malformedColumn, delimiter, options, trimmed), counts,
                    schema.size(), requiredKey, textKey);
        }
    }

    /** The rows of one partition's lines, skipping blank lines and, at the start of a file, its header. */
    private static final class LineRows implements Iterator<InternalRow> {

        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final CsvLineParser parser;
        private final ReadCounts counts;
        private final int malformed;
        private final int requiredKey;
        private final boolean textKey;
        private boolean headerPending;
        private boolean first = true;
        private InternalRow next;

        LineRows(Iterator<Tuple2<LongWritable, Text>> lines, CsvLineParser parser, ReadCounts counts, int malformed,
                int requiredKey, boolean textKey) {
            this.lines = lines;
            this.parser = parser;
            this.counts = counts;
            this.malformed = malformed;
            this.requiredKey = requiredKey;
            this.textKey = textKey;
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
                InternalRow row = parser.row(text.getBytes(), text.getLength());
                boolean missingKey = requiredKey >= 0
                        && (row.isNullAt(requiredKey) || textKey && row.getUTF8String(requiredKey).numBytes() == 0);
                counts.row(!row.isNullAt(malformed), missingKey);
                next = missingKey ? null : row;
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

}
