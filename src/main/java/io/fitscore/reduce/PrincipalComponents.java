package io.fitscore.reduce;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.feature.PCAModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.storage.StorageFailures;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;
import io.fitscore.spark.ColumnNames;

/**
 * Preprocessing and principal components on Spark MLlib: missing values replaced by the column's mean,
 * columns centred (and scaled to unit variance when asked), then PCA with k components or the fewest
 * that keep a share of the variance. Fitted where the data is, so it scales with the cluster.
 */
public final class PrincipalComponents {

    private static final String IMPUTED = "__fitscore_imputed_";
    private static final String INDEXED = "__fitscore_indexed_";
    private static final String ONE_HOT = "__fitscore_one_hot_";
    private static final String FEATURES = "__fitscore_features";
    private static final String SCALED = "__fitscore_scaled";
    private static final String COMPONENTS = "__fitscore_components";

    private PrincipalComponents() {
    }

    /**
     * What the fit found: the model, the numeric and categorical input columns, the features they became
     * (a one-hot column per level), the columns left out, and the variance per component.
     */
    public record Fitted(PipelineModel model, List<String> numeric, List<String> categorical, List<String> columns,
            Map<String, String> leftOut, Map<String, Long> imputed, long rows, int k, double[] varianceShares, double[][] loadings) {

        /** The share of the total variance the k kept components explain. */
        public double keptShare() {
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += varianceShares[i];
            }
            return sum;
        }
    }

    /**
     * Fits the chain on {@code rows}. {@code requested} names the numeric columns (else every numeric column
     * but {@code id} and the categorical ones); a column with no value at all is left out (and reported),
     * other missing values become the column's mean. Each {@code categorical} column becomes one 0/1
     * feature per level (most frequent first), missing values a level of their own.
     */
    public static Fitted fit(Dataset<Row> rows, Optional<List<String>> requested, List<String> categorical, Optional<String> id,
            OptionalInt components, double varianceShare, boolean standardise) {
        List<String> present = List.of(rows.columns());
        for (String c : categorical) {
            if (!present.contains(c)) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: fitscore.reduce.categorical names '" + c
                        + "', which is not in the inputs (columns: " + present + ")");
            }
        }
        List<String> candidates = numericColumns(rows, requested, id).stream().filter(c -> !categorical.contains(c)).toList();
        // Rows and each column's values, in one pass.
        Row counted = rows.agg(count(lit(1)), candidates.stream().map(c -> count(column(c))).toArray(Column[]::new)).first();
        long total = counted.getLong(0);
        List<String> columns = new ArrayList<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        Map<String, Long> imputed = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            long found = counted.getLong(i + 1);
            if (found == 0) {
                leftOut.put(candidates.get(i), "no value in any row");
            } else {
                columns.add(candidates.get(i));
                imputed.put(candidates.get(i), total - found);
            }
        }
        if (total < 2) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: the inputs have " + total + " row(s); PCA needs at least 2");
        }
        if (columns.isEmpty() && categorical.isEmpty()) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: no numeric column with values to reduce (numeric columns: "
                    + candidates + ")");
        }
        Dataset<Row> prepared = typed(rows, columns, categorical, List.of()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<PipelineStage> stages = new ArrayList<>();
            List<String> assembled = new ArrayList<>();
            if (!columns.isEmpty()) {
                String[] out = columns.stream().map(c -> IMPUTED + c).toArray(String[]::new);
                stages.add(new Imputer().setStrategy("mean").setInputCols(columns.toArray(String[]::new)).setOutputCols(out));
                assembled.addAll(List.of(out));
            }
            int indexerStage = stages.size();
            if (!categorical.isEmpty()) {
                String[] indexed = categorical.stream().map(c -> INDEXED + c).toArray(String[]::new);
                String[] encoded = categorical.stream().map(c -> ONE_HOT + c).toArray(String[]::new);
                // "keep": a missing (or, when the model is applied later, unseen) value is a level of its own.
                stages.add(new StringIndexer().setInputCols(categorical.toArray(String[]::new)).setOutputCols(indexed)
                        .setHandleInvalid("keep").setStringOrderType("frequencyDesc"));
                stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded).setDropLast(false));
                assembled.addAll(List.of(encoded));
            }
            stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES));
            stages.add(scaler(FEATURES, standardise));
            return fitChain(prepared, stages.toArray(PipelineStage[]::new), prepare -> {
                List<String> names = new ArrayList<>(columns);
                if (!categorical.isEmpty()) {
                    String[][] levels = ((StringIndexerModel) prepare.stages()[indexerStage]).labelsArray();
                    for (int c = 0; c < categorical.size(); c++) {
                        for (String level : levels[c]) {
                            names.add(categorical.get(c) + "=" + level);
                        }
                        names.add(categorical.get(c) + "=(missing or unseen)");
                    }
                }
                return names;
            }, columns, categorical, leftOut, imputed, total, components, varianceShare, "the inputs have only %d feature(s) to reduce: %s");
        } finally {
            prepared.unpersist();
        }
    }

    /**
     * Fits the chain on a column of feature vectors that has no missing values (e.g. pixels): centred
     * (and scaled when asked), then PCA as for a table. {@code featureNames} names the vector's entries.
     */
    public static Fitted fitVectors(Dataset<Row> rows, String vectorColumn, List<String> featureNames, long total,
            OptionalInt components, double varianceShare, boolean standardise) {
        if (total < 2) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: the inputs have " + total + " image(s); PCA needs at least 2");
        }
        return fitChain(rows, new PipelineStage[] {scaler(vectorColumn, standardise)}, prepare -> featureNames, List.of(), List.of(),
                Map.of(), Map.of(), total, components, varianceShare, "the images have only %d features each%.0s");
    }

    /** Preparation (ending in the scaled vector column), then PCA with all components to learn each one's share, then the k kept. */
    private static Fitted fitChain(Dataset<Row> input, PipelineStage[] preparation, Function<PipelineModel, List<String>> featureNames,
            List<String> numeric, List<String> categorical, Map<String, String> leftOut, Map<String, Long> imputed, long total,
            OptionalInt components, double varianceShare, String tooFewFeatures) {
        PipelineModel prepare = new Pipeline().setStages(preparation).fit(input);
        List<String> columns = featureNames.apply(prepare);
        if (components.isPresent() && components.getAsInt() > columns.size()) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: fitscore.reduce.components is " + components.getAsInt()
                    + " but " + String.format(tooFewFeatures, columns.size(), columns));
        }
        Dataset<Row> scaled = prepare.transform(input).select(SCALED).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // A fit with every component gives each one's share of the total; the k kept are fitted after.
            int most = columns.size();
            PCAModel all = pca(most).fit(scaled);
            double[] shares = all.explainedVariance().toArray();
            int k = components.isPresent() ? components.getAsInt() : fewestKeeping(shares, varianceShare);
            PCAModel kept = k == most ? all : pca(k).fit(scaled);
            // A pipeline of fitted stages only: fitting it applies nothing, it just bundles them for saving.
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {prepare, kept}).fit(input);
            return new Fitted(model, List.copyOf(numeric), List.copyOf(categorical), List.copyOf(columns), leftOut, imputed, total, k,
                    shares, loadings(kept.pc()));
        } finally {
            scaled.unpersist();
        }
    }

    private static StandardScaler scaler(String inputColumn, boolean standardise) {
        return new StandardScaler().setWithMean(true).setWithStd(standardise).setInputCol(inputColumn).setOutputCol(SCALED);
    }

    /** One row per input row: the id column (when there is one) and pc_1..pc_k. */
    public static Dataset<Row> transform(Fitted fitted, Dataset<Row> rows, Optional<String> id) {
        List<String> carried = id.map(List::of).orElse(List.of());
        return project(fitted, typed(rows, fitted.numeric(), fitted.categorical(), carried), carried);
    }

    /** One row per input row: the {@code carried} columns and pc_1..pc_k, for input fitted with {@link #fitVectors}. */
    public static Dataset<Row> transformVectors(Fitted fitted, Dataset<Row> rows, List<String> carried) {
        return project(fitted, rows, carried);
    }

    /**
     * A vector column as an array of doubles. Not MLlib's vector_to_array: in Spark 4 that is a SQL function MLlib
     * registers in every new session through Scala reflection (its SparkSessionExtensionsProvider, a noticeable share
     * of each start), which fitscore's packaging leaves out (application.properties).
     */
    private static final org.apache.spark.sql.expressions.UserDefinedFunction VECTOR_TO_ARRAY = org.apache.spark.sql.functions.udf(
            (org.apache.spark.sql.api.java.UDF1<org.apache.spark.ml.linalg.Vector, double[]>) org.apache.spark.ml.linalg.Vector::toArray,
            org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.DoubleType, false));

    private static Dataset<Row> project(Fitted fitted, Dataset<Row> input, List<String> carried) {
        Dataset<Row> projected = fitted.model().transform(input);
        Column array = VECTOR_TO_ARRAY.apply(col(COMPONENTS));
        List<Column> out = new ArrayList<>();
        carried.forEach(c -> out.add(column(c)));
        for (int i = 0; i < fitted.k(); i++) {
            out.add(array.getItem(i).as("pc_" + (i + 1)));
        }
        return projected.select(out.toArray(Column[]::new));
    }

    /** Saves the fitted chain in Spark ML's own format (loadable with PipelineModel.load). */
    public static void save(Fitted fitted, StorageUri folder) {
        try {
            fitted.model().write().overwrite().save(folder.hadoopPath());
        } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
            throw StorageFailures.classify(folder.toString(), e, ExitCode.OUTPUT_FAILED, "the PCA model cannot be written");
        }
    }

    static int fewestKeeping(double[] shares, double wanted) {
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            // A hair of tolerance: shares summing to 1.0 may add up to 0.9999999999999998.
            if (sum >= wanted - 1e-12) {
                return i + 1;
            }
        }
        return shares.length;
    }

    private static PCA pca(int k) {
        return new PCA().setK(k).setInputCol(SCALED).setOutputCol(COMPONENTS);
    }

    private static double[][] loadings(DenseMatrix pc) {
        double[][] m = new double[pc.numRows()][pc.numCols()];
        for (int r = 0; r < pc.numRows(); r++) {
            for (int c = 0; c < pc.numCols(); c++) {
                m[r][c] = pc.apply(r, c);
            }
        }
        return m;
    }

    private static List<String> numericColumns(Dataset<Row> rows, Optional<List<String>> requested, Optional<String> id) {
        Map<String, StructField> fields = new LinkedHashMap<>();
        for (StructField f : rows.schema().fields()) {
            fields.put(f.name(), f);
        }
        if (requested.isPresent()) {
            for (String c : requested.get()) {
                StructField f = fields.get(c);
                if (f == null) {
                    throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: fitscore.reduce.columns names '" + c
                            + "', which is not in the inputs (columns: " + fields.keySet() + ")");
                }
                if (!(f.dataType() instanceof NumericType)) {
                    throw new FitscoreException(ExitCode.INPUT_INVALID, "reduce: column '" + c + "' is not numeric (" + f.dataType().simpleString() + ")");
                }
            }
            return List.copyOf(requested.get());
        }
        return fields.values().stream().filter(f -> f.dataType() instanceof NumericType)
                .map(StructField::name).filter(n -> id.map(i -> !i.equals(n)).orElse(true)).toList();
    }

    /** The numeric columns as doubles, the categorical ones as text, and the carried ones as they are. */
    private static Dataset<Row> typed(Dataset<Row> rows, List<String> numeric, List<String> categorical, List<String> carried) {
        List<Column> out = new ArrayList<>();
        numeric.forEach(c -> out.add(column(c).cast(DataTypes.DoubleType).as(c)));
        categorical.forEach(c -> out.add(column(c).cast(DataTypes.StringType).as(c)));
        carried.stream().filter(c -> !numeric.contains(c) && !categorical.contains(c)).forEach(c -> out.add(column(c)));
        return rows.select(out.toArray(Column[]::new));
    }

    private static Column column(String name) {
        return ColumnNames.named(name);
    }
}
