package io.fitscore.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.catalyst.csv.CSVInferSchema;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.execution.datasources.csv.CSVUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import com.univocity.parsers.csv.CsvParser;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.validate.InputValidator;
import io.fitscore.spark.line.SparkLine;

/**
 * The schema Spark infers from the first lines of a CSV file, worked out on the driver with Spark's own CSV
 * inference (its options, header rules, parser and type lattice) instead of as a Spark job over those lines:
 * such a job costs a short run more than the rest of its read-join. Needs no session, so it
 * runs while Spark starts. Declared types (fitscore.csv.types) override what is inferred.
 */
public final class CsvSchema {

    private CsvSchema() {
    }

    /** Spark's CSV reading options for fitscore's inputs. */
    static Map<String, String> readOptions(String delimiter) {
        return Map.of("header", "true", "sep", delimiter, "quote", "\"", "escape", "\"", "mode", "PERMISSIVE");
    }

    /**
     * What {@code spark.read().options(readOptions).option("inferSchema", "true").csv(lines)} gives (in a session
     * in UTC, case-insensitive, as fitscore's are), with header names cleaned as the validator reads them and
     * declared types applied.
     */
    public static StructType infer(List<String> lines, String delimiter, Map<String, String> declaredTypes) {
        Map<String, String> settings = new LinkedHashMap<>(readOptions(delimiter));
        settings.put("inferSchema", "true");
        StructField[] inferred = inferredFields(lines, new CSVOptions(SparkLine.map(settings), true, "UTC"));
        List<StructField> fields = new ArrayList<>();
        for (StructField f : inferred) {
            // Header names are trimmed (U+00A0 and a BOM included), as the validator reads them.
            String name = InputValidator.cleanName(f.name());
            String declared = declaredTypes.get(name);
            fields.add(new StructField(name, declared == null ? f.dataType() : declaredType(name, declared), true, Metadata.empty()));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    /** As DataFrameReader.csv(Dataset) and TextInputCSVDataSource.inferFromDataset do it, on one partition. */
    private static StructField[] inferredFields(List<String> lines, CSVOptions options) {
        List<String> filtered = javaList(CSVUtils.filterCommentAndEmpty(SparkLine.iterator(lines.iterator()), options));
        if (filtered.isEmpty()) {
            return new StructField[0];
        }
        CsvParser parser = new CsvParser(options.asParserSettings());
        String first = filtered.get(0);
        String[] firstRow = parser.parseLine(first);
        if (firstRow == null) {
            return new StructField[0];
        }
        String[] header = CSVUtils.makeSafeHeader(firstRow, false, options);
        CSVInferSchema inference = new CSVInferSchema(options);
        DataType[] types = new DataType[header.length];
        Arrays.fill(types, DataTypes.NullType);
        Iterator<String> data = javaList(CSVUtils.filterHeaderLine(SparkLine.iterator(filtered.iterator()), first, options)).iterator();
        while (data.hasNext()) {
            String[] tokens = parser.parseLine(data.next());
            if (tokens != null) {
                types = inference.inferRowType(types, tokens);
            }
        }
        DataType[] start = new DataType[header.length];
        Arrays.fill(start, DataTypes.NullType);
        return inference.toStructFields(inference.mergeRowTypes(start, types), header);
    }

    static DataType declaredType(String column, String declared) {
        return switch (declared.trim().toLowerCase(Locale.ROOT)) {
            case "double", "number", "float" -> DataTypes.DoubleType;
            case "long", "int", "integer" -> DataTypes.LongType;
            case "string", "text", "category" -> DataTypes.StringType;
            default -> throw new FitscoreException(ExitCode.CONFIG, "fitscore.csv.types." + column + ": unknown type '"
                    + declared + "' (double, long or string)");
        };
    }

    private static List<String> javaList(scala.collection.Iterator<String> lines) {
        List<String> out = new ArrayList<>();
        while (lines.hasNext()) {
            out.add(lines.next());
        }
        return out;
    }
}
