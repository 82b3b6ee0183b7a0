package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.btrim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.jboss.logging.Logger;


import io.fitscore.storage.StorageFailures;
import io.fitscore.storage.StorageUri;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.validate.InputValidator;
import io.fitscore.validate.JoinMiss;
import io.fitscore.spark.line.SparkLine;

/** Reads the CSV inputs with Spark, cleans their join keys and duplicates, and joins them. */
public final class InputReader {

    private static final Logger LOG = Logger.getLogger(InputReader.class);

    private static final String MALFORMED = "__fitscore_malformed";
    private static final String FROM_LEFT = "__fitscore_left";
    private static final String FROM_RIGHT = "__fitscore_right";
    private static final String SHUFFLE_HASH = "shuffle_hash";

    private final SparkSession spark;
    private final String delimiter;
    private final Map<String, String> declaredTypes;
    private final int schemaSampleLines;
    private final Map<StorageUri, List<String>> knownLines;
    private final Map<StorageUri, StructType> knownSchemas;
    private final String encoding;
    /** Files to read for an input instead of its path: a pattern's files as validation listed them. */
    private final Map<StorageUri, List<StorageUri>> files;

    public InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes) {
        this(spark, delimiter, declaredTypes, InputValidator.SCHEMA_SAMPLE_LINES, Map.of(), Map.of(), "UTF-8");
    }

    /**
     * @param knownLines the first lines of inputs already read by validation (at least the schema's sample, or the
     *        whole file): their schema is inferred from these, without reading them again
     * @param knownSchemas schemas already inferred from the validated lines ({@link #schemasOf}), e.g. while Spark
     *        started; they win over {@code knownLines}
     * @param encoding the inputs' encoding (fitscore.csv.encoding), which Spark's CSV reader is given
     */
    public InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes,
            Map<StorageUri, List<String>> knownLines, Map<StorageUri, StructType> knownSchemas, String encoding) {
        this(spark, delimiter, declaredTypes, InputValidator.SCHEMA_SAMPLE_LINES, knownLines, knownSchemas, encoding);
    }

    InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes, int schemaSampleLines,
            Map<StorageUri, List<String>> knownLines) {
        this(spark, delimiter, declaredTypes, schemaSampleLines, knownLines, Map.of(), "UTF-8");
    }

    private InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes, int schemaSampleLines,
            Map<StorageUri, List<String>> knownLines, Map<StorageUri, StructType> knownSchemas, String encoding) {
        this(spark, delimiter, declaredTypes, schemaSampleLines, knownLines, knownSchemas, encoding, Map.of());
    }

    private InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes, int schemaSampleLines,
            Map<StorageUri, List<String>> knownLines, Map<StorageUri, StructType> knownSchemas, String encoding,
            Map<StorageUri, List<StorageUri>> files) {
        this.files = Map.copyOf(files);
        this.spark = spark;
        this.delimiter = delimiter;
        this.declaredTypes = declaredTypes;
        this.schemaSampleLines = schemaSampleLines;
        this.knownLines = knownLines;
        this.knownSchemas = knownSchemas;
        this.encoding = encoding;
    }

    /** This reader, reading the given files for an input (a pattern's, as listed) instead of its path. */
    public InputReader withFiles(Map<StorageUri, List<StorageUri>> inputFiles) {
        return new InputReader(spark, delimiter, declaredTypes, schemaSampleLines, knownLines, knownSchemas, encoding, inputFiles);
    }

    /**
     * The schema of each input whose first lines validation read, inferred on the driver without a session: what
     * {@link #readAndJoin} would infer from the same lines, available before Spark is.
     */
    public static Map<StorageUri, StructType> schemasOf(Map<StorageUri, List<String>> knownLines, String delimiter,
            Map<String, String> declaredTypes) {
        Map<StorageUri, StructType> schemas = new HashMap<>();
        knownLines.forEach((uri, lines) -> {
            try {
                schemas.put(uri, CsvSchema.infer(sample(lines, InputValidator.SCHEMA_SAMPLE_LINES), delimiter, declaredTypes));
            } catch (RuntimeException e) { // the parser's own failures name no input
                throw StorageFailures.classify(uri, e);
            }
        });
        return schemas;
    }

    /**
     * Reads every input, checks the key (and, when required, the target) is there, and inner-joins
     * on the key. A target present but not numeric in a row becomes missing there.
     *
     * <p>The plan reads each file once and shuffles each input once: the schema comes from a sample of
     * the first lines, the per-input counts are taken on that one pass (by the lean reader, the duplicate drop and
     * the join's filter; observed where Spark's own reader reads), each input is partitioned by
     * its key so that dropping exact duplicates and the join share the shuffle, and for two inputs the
     * unmatched counts come from the same (outer) join.
     */
    public InputRows readAndJoin(List<StorageUri> inputs, Optional<String> joinKey, String target, boolean targetRequired) {
        List<StructType> schemas = new ArrayList<>();
        Map<String, Integer> seenColumns = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            StorageUri uri = inputs.get(i);
            try {
                StructType schema = sampledSchema(uri);
                if (joinKey.isPresent() && !hasField(schema, joinKey.get())) {
                    throw new FitscoreException(ExitCode.INPUT_INVALID, uri + ": join key column '" + joinKey.get()
                            + "' not in header " + List.of(schema.fieldNames()));
                }
                schemas.add(renameClashes(schema, uri, i, joinKey, seenColumns));
            } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
                throw StorageFailures.classify(uri, e);
            }
        }
        boolean targetFound = schemas.stream().anyMatch(s -> hasField(s, target));
        if (!targetFound && targetRequired) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "target column '" + target + "' is in none of the inputs "
                    + inputs.stream().map(StorageUri::toString).toList());
        }
        boolean joining = joinKey.isPresent() && inputs.size() > 1;
        if (joining) {
            alignKeyTypes(schemas, joinKey.get());
        }
        int partitions = spark.sessionState().conf().numShufflePartitions();
        List<ObservedInput> read = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            read.add(readOne(inputs.get(i), i, schemas.get(i), joinKey, joining, partitions));
        }
        Dataset<Row> joined;
        InnerRows matches = null;
        if (!joining) {
            joined = read.get(0).rows();
        } else if (inputs.size() == 2) {
            matches = InnerRows.counting(spark.sparkContext());
            joined = joinCountingUnmatched(read.get(0), read.get(1), joinKey.get(), matches);
        } else {
            joined = read.get(0).rows();
            for (int i = 1; i < read.size(); i++) {
                joined = joined.join(read.get(i).rows(), joinKey.get());
            }
        }
        if (targetFound) {
            joined = joined.withColumn(target, expr("try_cast(" + ColumnNames.quoted(target) + " as double)"));
        }
        // Cached and counted once: the collect and the scoring read it again. Counting it runs the whole plan,
        // which fills every count above (observations and accumulators).
        joined = joined.persist(StorageLevel.MEMORY_AND_DISK());
        long count;
        try {
            count = joined.count();
        } catch (Exception e) {
            throw StorageFailures.classify("inputs " + inputs.stream().map(StorageUri::toString).toList(), e,
                    ExitCode.INPUT_MISSING, "cannot be read");
        }
        if (count == 0) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, joining
                    ? "no row survives the inner join on '" + joinKey.get() + "' of " + inputs.stream().map(StorageUri::toString).toList()
                            + ": " + joinMissCause(inputs, read, joinKey.get())
                    : inputs.get(0) + ": no data rows");
        }
        List<InputStats> stats = new ArrayList<>();
        Map<String, Object> matched = matches == null ? Map.of() : matches.figures();
        // Three or more inputs: the joined keys are found once for every input's anti-join.
        Dataset<Row> joinedKeys = joining && matches == null ? joined.select(joinKey.get()).distinct() : null;
        // Every input's counts are taken before any anti-join below reads an input again (and counts its duplicates again).
        List<Map<String, Object>> raws = read.stream().map(in -> in.raw().get()).toList();
        List<Long> duplicates = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            duplicates.add(read.get(i).duplicates().applyAsLong(number(raws.get(i), "rows") - number(raws.get(i), "missing_key")));
        }
        for (int i = 0; i < read.size(); i++) {
            ObservedInput in = read.get(i);
            Map<String, Object> raw = raws.get(i);
            long rowsRead = number(raw, "rows");
            long missingKey = number(raw, "missing_key");
            long unmatched;
            if (!joining) {
                unmatched = 0;
            } else if (matches != null) {
                unmatched = number(matched, "unmatched_" + i);
            } else {
                unmatched = in.rows().join(joinedKeys, SparkLine.seq(joinKey.get()), "left_anti").count();
            }
            InputStats input = new InputStats(inputs.get(i).toString(), rowsRead, missingKey, duplicates.get(i), unmatched,
                    number(raw, "malformed"));
            stats.add(input);
            LOG.infof("Input %s: %d rows read, %d without a key, %d exact duplicates dropped%s", input.uri(), input.rowsRead(),
                    input.droppedMissingKey(), input.droppedDuplicates(), input.malformedRows() > 0 ? ", " + input.malformedRows()
                            + " rows with a value that does not fit its column (read as missing) or a wrong number of fields" : "");
        }
        LOG.infof("Joined: %d rows", count);
        return new InputRows(joined, count, stats);
    }

    /**
     * Reads every input (each a file, a folder or a pattern) and stacks their rows by column name, for
     * logs split over many files: a column missing from an input is empty there, and a column typed
     * differently in two inputs is read as double when both are numeric, else as text. Exact duplicate
     * rows are dropped, as for a join.
     */
    public InputRows readUnion(List<StorageUri> inputs) {
        List<StructType> schemas = new ArrayList<>();
        for (StorageUri uri : inputs) {
            try {
                schemas.add(sampledSchema(uri));
            } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
                throw StorageFailures.classify(uri, e);
            }
        }
        Map<String, DataType> common = new java.util.LinkedHashMap<>();
        for (StructType schema : schemas) {
            for (StructField f : schema.fields()) {
                common.merge(f.name(), f.dataType(), (a, b) -> a.equals(b) ? a
                        : a instanceof NumericType && b instanceof NumericType ? DataTypes.DoubleType : DataTypes.StringType);
            }
        }
        int partitions = spark.sessionState().conf().numShufflePartitions();
        List<ObservedInput> read = new ArrayList<>();
        Dataset<Row> union = null;
        for (int i = 0; i < inputs.size(); i++) {
            ObservedInput in = readOne(inputs.get(i), i, schemas.get(i), Optional.empty(), false, partitions);
            read.add(in);
            Dataset<Row> aligned = in.rows().select(java.util.Arrays.stream(in.rows().columns())
                    .map(c -> ColumnNames.named(c).cast(common.get(c)).as(c)).toArray(Column[]::new));
            union = union == null ? aligned : union.unionByName(aligned, true);
        }
        Dataset<Row> rows = union.persist(StorageLevel.MEMORY_AND_DISK());
        long count;
        try {
            count = rows.count();
        } catch (Exception e) {
            throw StorageFailures.classify("inputs " + inputs.stream().map(StorageUri::toString).toList(), e,
                    ExitCode.INPUT_MISSING, "cannot be read");
        }
        if (count == 0) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, inputs.stream().map(StorageUri::toString).toList() + ": no data rows");
        }
        List<InputStats> stats = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            Map<String, Object> raw = read.get(i).raw().get();
            long rowsRead = number(raw, "rows");
            stats.add(new InputStats(inputs.get(i).toString(), rowsRead, 0, read.get(i).duplicates().applyAsLong(rowsRead), 0, number(raw, "malformed")));
        }
        LOG.infof("Read %d rows from %d input(s)", count, inputs.size());
        return new InputRows(rows, count, stats);
    }

    /** Distinct keys sampled from each input to tell why a join matched nothing: enough to see a pattern, cheap to collect. */
    private static final int MISS_SAMPLE_KEYS = 2000;

    /** Why the inputs share no key: the first input against the first other input it shares none with (sampled keys). */
    private String joinMissCause(List<StorageUri> inputs, List<ObservedInput> read, String key) {
        List<String> first = sampleKeys(read.get(0), key);
        for (int i = 1; i < read.size(); i++) {
            List<String> other = sampleKeys(read.get(i), key);
            if (Collections.disjoint(first, other)) {
                return JoinMiss.cause(inputs.get(0).toString(), first, inputs.get(i).toString(), other, encoding);
            }
        }
        return "each input shares keys with the first, but no key is in all of them";
    }

    private static List<String> sampleKeys(ObservedInput input, String key) {
        return input.rows().select(col(key).cast("string")).where(col(key).isNotNull()).distinct().limit(MISS_SAMPLE_KEYS)
                .as(Encoders.STRING()).collectAsList();
    }

    /**
     * One input's rows (keyed, without exact duplicates), the size of what was read (from the files, or Spark's
     * estimate), what was counted while they were read (rows, rows without a key, malformed rows: by the lean reader
     * itself, or by an observation of Spark's), and the exact duplicates dropped among the given number of rows
     * that went into the duplicate drop (counted by the drop, or the rows less those an observation saw kept).
     */
    private record ObservedInput(Dataset<Row> rows, java.math.BigInteger bytes, Supplier<Map<String, Object>> raw,
            LongUnaryOperator duplicates) {
    }

    private ObservedInput readOne(StorageUri uri, int index, StructType schema, Optional<String> joinKey, boolean partitionByKey,
            int partitions) {
        boolean folder = uri.key().endsWith("/");
        Optional<String> textKey = joinKey.filter(key -> schema.apply(key).dataType() instanceof StringType);
        Map<String, String> options = csvOptions();
        Optional<Utf8CsvReader.Read> read = Utf8CsvReader.read(spark, paths(uri), folder, schema, MALFORMED, options, textKey, joinKey);
        Dataset<Row> raw = read.map(Utf8CsvReader.Read::rows).orElseGet(() -> spark.read()
                        .schema(schema.add(MALFORMED, DataTypes.StringType, true))
                        .options(options)
                        .option("enforceSchema", "true")
                        .option("columnNameOfCorruptRecord", MALFORMED)
                        .option("recursiveFileLookup", folder)
                        .csv(paths(uri)));
        java.math.BigInteger bytes = read.isPresent() ? java.math.BigInteger.valueOf(read.get().fileBytes()) : estimatedBytes(raw);
        Supplier<Map<String, Object>> rawCounts;
        Dataset<Row> keyed;
        if (read.isPresent()) { // the lean reader trims the key, drops the rows without one, and counts as it reads
            rawCounts = read.get().counts()::figures;
            keyed = raw.drop(MALFORMED);
        } else {
            Observation observation = new Observation("fitscore-input-" + index);
            Column missingKey = lit(false);
            if (joinKey.isPresent()) {
                String key = joinKey.get();
                raw = raw.withColumn(key, normalisedKey(schema, key));
                missingKey = col(key).isNull().or(col(key).cast("string").equalTo(""));
            }
            raw = raw.observe(observation, count(lit(1)).as("rows"), count(when(missingKey, 1)).as("missing_key"),
                    count(col(MALFORMED)).as("malformed"));
            rawCounts = () -> observed(observation);
            keyed = raw.filter(not(missingKey)).drop(MALFORMED);
        }
        // Partitioned by the key once: exact duplicates (all columns, the key among them) share a key, so they are
        // dropped inside the partitions the join needs anyway, by fingerprint, not by an aggregate of whole rows
        // (1M joined rows: read-join's last stage about 25 -> 18 task seconds), and the join shuffles nothing again.
        if (partitionByKey) {
            LongAccumulator dropped = spark.sparkContext().longAccumulator("fitscore-duplicates-" + index);
            return new ObservedInput(FirstSeen.dropDuplicatesWithinPartitions(keyed.repartition(partitions, col(joinKey.get())), dropped),
                    bytes, rawCounts, rowsWithKey -> dropped.value());
        }
        Observation uniqueCounts = new Observation("fitscore-unique-" + index);
        Dataset<Row> unique = keyed.dropDuplicates().observe(uniqueCounts, count(lit(1)).as("rows"));
        return new ObservedInput(unique, bytes, rawCounts, rowsWithKey -> rowsWithKey - number(observed(uniqueCounts), "rows"));
    }

    /**
     * The inner join of two inputs, taken from their full outer join so that the rows of each input without
     * a partner are counted on the same pass ({@link InnerRows}). Both sides are already
     * partitioned by the key; the smaller one is hashed per partition instead of sorting both,
     * which spares a sort of every row.
     */
    private static Dataset<Row> joinCountingUnmatched(ObservedInput left, ObservedInput right, String key, InnerRows matches) {
        boolean rightSmaller = right.bytes().compareTo(left.bytes()) <= 0;
        Dataset<Row> leftSide = left.rows().withColumn(FROM_LEFT, lit(true));
        Dataset<Row> rightSide = right.rows().withColumn(FROM_RIGHT, lit(true));
        Dataset<Row> outer = (rightSmaller ? leftSide : leftSide.hint(SHUFFLE_HASH))
                .join(rightSmaller ? rightSide.hint(SHUFFLE_HASH) : rightSide, SparkLine.seq(key), "full_outer");
        return matches.of(outer, FROM_LEFT, FROM_RIGHT);
    }

    /** Spark's size estimate of a plan (from the files' sizes for Spark's own CSV read). */
    private static java.math.BigInteger estimatedBytes(Dataset<Row> rows) {
        return rows.queryExecution().optimizedPlan().stats().sizeInBytes().bigInteger();
    }

    private static Map<String, Object> observed(Observation observation) {
        return Observed.figures(observation);
    }

    private static long number(Map<String, Object> values, String name) {
        return ((Number) values.get(name)).longValue();
    }

    private Map<String, String> csvOptions() {
        Map<String, String> options = new HashMap<>(CsvSchema.readOptions(delimiter));
        options.put("encoding", encoding);
        return options;
    }

    /**
     * The schema Spark would infer, from the first {@value InputValidator#SCHEMA_SAMPLE_LINES} lines instead of a full
     * extra pass over the file; declared types (fitscore.csv.types) override it. A later value that does
     * not fit is read as missing and counted as malformed.
     */
    /** What Spark reads for an input: its path, or a pattern's files as validation listed them. */
    private String[] paths(StorageUri uri) {
        return files.getOrDefault(uri, List.of(uri)).stream().map(StorageUri::hadoopPath).toArray(String[]::new);
    }

    private StructType sampledSchema(StorageUri uri) {
        StructType known = knownSchemas.get(uri);
        if (known != null) {
            return known;
        }
        List<String> lines = knownLines.get(uri);
        List<String> head = lines != null ? lines
                : spark.read().option("recursiveFileLookup", uri.key().endsWith("/")).textFile(paths(uri))
                        .limit(schemaSampleLines).collectAsList();
        return CsvSchema.infer(sample(head, schemaSampleLines), delimiter, declaredTypes);
    }

    /** The schema's sample of an input's first lines; a folder's or pattern's may span files, whose own header lines are not data. */
    private static List<String> sample(List<String> lines, int sampleLines) {
        List<String> head = lines.subList(0, Math.min(lines.size(), sampleLines));
        if (head.size() > 1) {
            String header = head.get(0);
            head = java.util.stream.Stream.concat(java.util.stream.Stream.of(header), head.stream().skip(1).filter(l -> !l.equals(header)))
                    .toList();
        }
        return head;
    }

    private static Column normalisedKey(StructType schema, String key) {
        StructField field = schema.apply(key);
        if (field.dataType() instanceof StringType) {
            return btrim(col(key), lit(EdgeSpace.CHARACTERS));
        }
        return col(key);
    }

    /** Keys typed differently across inputs (e.g. number here, text there) are read and compared as text. */
    private static void alignKeyTypes(List<StructType> schemas, String key) {
        long distinctTypes = schemas.stream().map(s -> s.apply(key).dataType()).distinct().count();
        if (distinctTypes > 1) {
            for (int i = 0; i < schemas.size(); i++) {
                StructType s = schemas.get(i);
                schemas.set(i, new StructType(java.util.Arrays.stream(s.fields())
                        .map(f -> f.name().equals(key) ? new StructField(key, DataTypes.StringType, true, Metadata.empty()) : f)
                        .toArray(StructField[]::new)));
            }
        }
    }

    /** A non-key column that an earlier input already has gets the input's number as a suffix. */
    private static StructType renameClashes(StructType schema, StorageUri uri, int index, Optional<String> key,
            Map<String, Integer> seen) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            String c = f.name();
            if (key.isPresent() && key.get().equals(c)) {
                fields.add(f);
            } else if (seen.containsKey(c)) {
                String renamed = c + "_" + (index + 1);
                LOG.warnf("Input %s: column '%s' also exists in input %d; renamed to '%s'", uri, c, seen.get(c) + 1, renamed);
                fields.add(new StructField(renamed, f.dataType(), true, Metadata.empty()));
            } else {
                seen.put(c, index);
                fields.add(f);
            }
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static boolean hasField(StructType schema, String column) {
        return java.util.Arrays.asList(schema.fieldNames()).contains(column);
    }


}
