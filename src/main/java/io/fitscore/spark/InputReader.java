package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.regexp_replace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.jboss.logging.Logger;

import io.fitscore.aws.StorageFailures;
import io.fitscore.aws.StorageUri;
import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;
import io.fitscore.validate.InputValidator;

/** Reads the CSV inputs with Spark, cleans their join keys and duplicates, and joins them. */
public final class InputReader {

    private static final Logger LOG = Logger.getLogger(InputReader.class);
    /** Leading/trailing white space of any kind, including U+00A0 (the course titles end with it). */
    private static final String EDGE_SPACE = "^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$";

    private final SparkSession spark;
    private final String delimiter;
    private final Map<String, String> declaredTypes;

    public InputReader(SparkSession spark, String delimiter, Map<String, String> declaredTypes) {
        this.spark = spark;
        this.delimiter = delimiter;
        this.declaredTypes = declaredTypes;
    }

    /**
     * Reads every input, checks the key (and, when required, the target) is there, and inner-joins
     * on the key. A target present but not numeric in a row becomes missing there.
     */
    public JoinedInputs readAndJoin(List<StorageUri> inputs, Optional<String> joinKey, String target, boolean targetRequired) {
        List<Dataset<Row>> tables = new ArrayList<>();
        List<InputStats> stats = new ArrayList<>();
        Map<String, Integer> seenColumns = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            StorageUri uri = inputs.get(i);
            try {
                readOne(uri, i, joinKey, seenColumns, tables, stats);
            } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
                throw StorageFailures.classify(uri, e);
            }
        }
        boolean targetFound = tables.stream().anyMatch(t -> hasColumn(t, target));
        if (!targetFound && targetRequired) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "target column '" + target + "' is in none of the inputs "
                    + inputs.stream().map(StorageUri::toString).toList());
        }
        Dataset<Row> joined = tables.get(0);
        if (joinKey.isPresent() && tables.size() > 1) {
            alignKeyTypes(tables, joinKey.get());
            joined = tables.get(0);
            for (int i = 1; i < tables.size(); i++) {
                joined = joined.join(tables.get(i), joinKey.get());
            }
        }
        if (targetFound) {
            joined = joined.withColumn(target, expr("try_cast(`" + target.replace("`", "``") + "` as double)"));
        }
        // Cached and counted once; the unmatched counts below and the collect reuse it.
        joined = joined.persist(StorageLevel.MEMORY_AND_DISK());
        long count = joined.count();
        if (count == 0) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, joinKey.isPresent() && inputs.size() > 1
                    ? "no row survives the inner join on '" + joinKey.get() + "' of " + inputs.stream().map(StorageUri::toString).toList()
                    : inputs.get(0) + ": no data rows");
        }
        List<InputStats> withUnmatched = new ArrayList<>(stats);
        if (joinKey.isPresent() && tables.size() > 1) {
            String key = joinKey.get();
            Dataset<Row> joinedKeys = joined.select(key).distinct();
            for (int i = 0; i < tables.size(); i++) {
                long unmatched = tables.get(i).join(joinedKeys, scalaSeq(key), "left_anti").count();
                InputStats s = stats.get(i);
                withUnmatched.set(i, new InputStats(s.uri(), s.rowsRead(), s.droppedMissingKey(), s.droppedDuplicates(), unmatched));
            }
        }
        LOG.infof("Joined: %d rows", count);
        return new JoinedInputs(joined, count, joinKey, withUnmatched);
    }

    private void readOne(StorageUri uri, int i, Optional<String> joinKey, Map<String, Integer> seenColumns,
            List<Dataset<Row>> tables, List<InputStats> stats) {
        Dataset<Row> raw = readCsv(uri);
        if (joinKey.isPresent() && !hasColumn(raw, joinKey.get())) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, uri + ": join key column '" + joinKey.get()
                    + "' not in header " + List.of(raw.columns()));
        }
        raw = renameClashes(raw, uri, i, joinKey, seenColumns);
        raw = raw.persist(StorageLevel.MEMORY_AND_DISK());
        long read = raw.count();
        Dataset<Row> keyed = raw;
        long missingKey = 0;
        if (joinKey.isPresent()) {
            String key = joinKey.get();
            keyed = raw.withColumn(key, normalisedKey(raw, key));
            keyed = keyed.filter(col(key).isNotNull().and(col(key).cast("string").notEqual("")));
            missingKey = read - keyed.count();
        }
        // Cached: the join and the unmatched count read it again; the raw rows are not needed after this.
        Dataset<Row> unique = keyed.dropDuplicates().persist(StorageLevel.MEMORY_AND_DISK());
        long kept = unique.count();
        raw.unpersist();
        long duplicates = read - missingKey - kept;
        tables.add(unique);
        stats.add(new InputStats(uri.toString(), read, missingKey, duplicates, 0));
        LOG.infof("Input %s: %d rows read, %d without a key, %d exact duplicates dropped", uri, read, missingKey, duplicates);
    }

    private Dataset<Row> readCsv(StorageUri uri) {
        try {
            Dataset<Row> df = spark.read()
                    .option("header", "true")
                    .option("inferSchema", "true")
                    .option("sep", delimiter)
                    .option("quote", "\"")
                    .option("escape", "\"")
                    .option("mode", "PERMISSIVE")
                    .csv(uri.hadoopPath());
            // Header names are trimmed (U+00A0 and a BOM included), as the validator reads them.
            df = df.toDF(java.util.Arrays.stream(df.columns()).map(InputValidator::cleanName).toArray(String[]::new));
            for (Map.Entry<String, String> declared : declaredTypes.entrySet()) {
                if (hasColumn(df, declared.getKey())) {
                    df = df.withColumn(declared.getKey(), expr("try_cast(`" + declared.getKey().replace("`", "``") + "` as "
                            + sparkType(declared.getKey(), declared.getValue()) + ")"));
                }
            }
            return df;
        } catch (RuntimeException e) {
            throw StorageFailures.classify(uri, e);
        }
    }

    private static String sparkType(String column, String declared) {
        return switch (declared.trim().toLowerCase(Locale.ROOT)) {
            case "double", "number", "float" -> "double";
            case "long", "int", "integer" -> "bigint";
            case "string", "text", "category" -> "string";
            default -> throw new FitscoreException(ExitCode.CONFIG, "fitscore.csv.types." + column + ": unknown type '"
                    + declared + "' (double, long or string)");
        };
    }

    private static Column normalisedKey(Dataset<Row> df, String key) {
        StructField field = df.schema().apply(key);
        if (field.dataType() instanceof StringType) {
            return regexp_replace(col(key), EDGE_SPACE, "");
        }
        return col(key);
    }

    /** Keys typed differently across inputs (e.g. number here, text there) are compared as text. */
    private static void alignKeyTypes(List<Dataset<Row>> tables, String key) {
        long distinctTypes = tables.stream().map(t -> t.schema().apply(key).dataType()).distinct().count();
        if (distinctTypes > 1) {
            for (int i = 0; i < tables.size(); i++) {
                Dataset<Row> t = tables.get(i);
                tables.set(i, t.withColumn(key, regexp_replace(col(key).cast(DataTypes.StringType), EDGE_SPACE, "")));
            }
        }
    }

    /** A non-key column that an earlier input already has gets the input's number as a suffix. */
    private static Dataset<Row> renameClashes(Dataset<Row> df, StorageUri uri, int index, Optional<String> key,
            Map<String, Integer> seen) {
        Dataset<Row> out = df;
        for (String c : df.columns()) {
            if (key.isPresent() && key.get().equals(c)) {
                continue;
            }
            if (seen.containsKey(c)) {
                String renamed = c + "_" + (index + 1);
                LOG.warnf("Input %s: column '%s' also exists in input %d; renamed to '%s'", uri, c, seen.get(c) + 1, renamed);
                out = out.withColumnRenamed(c, renamed);
            } else {
                seen.put(c, index);
            }
        }
        return out;
    }

    static boolean hasColumn(Dataset<Row> df, String column) {
        for (String c : df.columns()) {
            if (c.equals(column)) {
                return true;
            }
        }
        return false;
    }

    private static scala.collection.immutable.Seq<String> scalaSeq(String column) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(column)).toList();
    }
}
