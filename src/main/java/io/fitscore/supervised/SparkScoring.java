package io.fitscore.supervised;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.CompiledModel;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.PredictionInterval;
import io.fitscore.ml.RowExplainer;
import io.fitscore.ml.RowSplit;
import io.fitscore.ml.Table;
import io.fitscore.spark.ColumnNames;

/**
 * Scores every joined row inside Spark: the model and its feature pipeline are broadcast to the
 * executors and each partition is scored where it lies, so the rows scored are bounded by the cluster,
 * not by the driver's heap. Rows go through the same plain-Java conversion and the same pipeline as
 * on the driver, so a row gets the same prediction either way.
 */
public final class SparkScoring {

    public static final String PREDICTION = "prediction";
    public static final String SPLIT = "split";
    public static final String LOWER = "lower";
    public static final String UPPER = "upper";
    public static final String BASE_VALUE = "base_value";
    public static final String CONTRIBUTIONS = "contributions";
    public static final String OTHER_CONTRIBUTIONS = "other_contributions";

    /** Each row's explanation: the {@code top} input columns by contribution, by {@code explainer} (of any column layout). */
    public record Explain(int top, RowExplainer explainer) {
    }

    private static final StructType CONTRIBUTION = DataTypes.createStructType(List.of(
            DataTypes.createStructField("feature", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.StringType, true),
            DataTypes.createStructField("contribution", DataTypes.DoubleType, false)));

    private SparkScoring() {
    }

    /**
     * The columns scoring reads, in the rows' own order: those the pipeline needs, the carried ones and the
     * target. Rows are projected to them before scoring, so executors convert only these.
     */
    public static List<String> neededColumns(Dataset<Row> rows, FeaturePipeline pipeline, List<String> carried, String target) {
        Set<String> needed = new HashSet<>(pipeline.columns());
        needed.addAll(carried);
        needed.add(target);
        return Arrays.stream(rows.columns()).filter(needed::contains).toList();
    }

    /** The rows projected to {@link #neededColumns}. */
    public static Dataset<Row> project(Dataset<Row> rows, List<String> columns) {
        return rows.select(columns.stream().map(c -> rows.col(ColumnNames.quoted(c))).toArray(Column[]::new));
    }

    /**
     * The typed result frame (carried columns, the target, the prediction and the row's split), lazily
     * computed: nothing is scored until it is written.
     *
     * @param rowCount how many rows there are to score: the model is compiled for the fastest scoring of that many
     */
    public static Dataset<Row> score(Dataset<Row> rows, long rowCount, Model<Regressor> model, FeaturePipeline pipeline,
            RowSplit split, List<String> carried, String target) {
        return score(rows, rowCount, model, pipeline, split, carried, target, null);
    }

    /**
     * The typed result frame as above, with each row's {@code lower} and {@code upper} bound after its prediction when
     * {@code interval} is given.
     */
    public static Dataset<Row> score(Dataset<Row> rows, long rowCount, Model<Regressor> model, FeaturePipeline pipeline,
            RowSplit split, List<String> carried, String target, PredictionInterval interval) {
        return score(rows, rowCount, model, pipeline, split, carried, target, interval, null);
    }

    /**
     * The typed result frame as above, with each row's explanation after its prediction (and interval) when {@code explain}
     * is given and the model can be explained: {@code base_value}, {@code contributions} (feature, value, contribution;
     * largest first) and {@code other_contributions}, which add up to the prediction.
     */
    public static Dataset<Row> score(Dataset<Row> rows, long rowCount, Model<Regressor> model, FeaturePipeline pipeline,
            RowSplit split, List<String> carried, String target, PredictionInterval interval, Explain explain) {
        List<Table.Column> columns = PlainRows.columnsOf(rows.schema());
        Table shape = new Table(columns, List.of());
        List<StructField> fields = new ArrayList<>();
        int[] carriedPositions = new int[carried.size()];
        for (int i = 0; i < carried.size(); i++) {
            Table.Column column = shape.column(carried.get(i));
            carriedPositions[i] = shape.indexOf(column.name());
            fields.add(DataTypes.createStructField(column.name(), column.numeric() ? DataTypes.DoubleType : DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(target, DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField(PREDICTION, DataTypes.DoubleType, false));
        if (interval != null) {
            fields.add(DataTypes.createStructField(LOWER, DataTypes.DoubleType, false));
            fields.add(DataTypes.createStructField(UPPER, DataTypes.DoubleType, false));
        }
        RowExplainer explainer = explain == null || explain.top() <= 0 ? null : explain.explainer().forColumns(columns);
        if (explainer != null) {
            fields.add(DataTypes.createStructField(BASE_VALUE, DataTypes.DoubleType, false));
            fields.add(DataTypes.createStructField(CONTRIBUTIONS, DataTypes.createArrayType(CONTRIBUTION, false), false));
            fields.add(DataTypes.createStructField(OTHER_CONTRIBUTIONS, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));
        StructType schema = DataTypes.createStructType(fields);

        CompiledModel compiled = CompiledModel.forScoring(model, pipeline, columns, rowCount); // on the driver: a missing column fails here
        RowScorer scorer = new RowScorer(compiled, split, columns, carriedPositions, shape.indexOf(target), interval, explainer,
                explainer == null ? 0 : explain.top());
        Broadcast<RowScorer> shared = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()).broadcast(scorer);
        return rows.mapPartitions(new ScorePartition(shared), Encoders.row(schema));
    }

    /** What every executor needs to score rows: the compiled model, the split and the output layout. */
    static final class RowScorer implements Serializable {
        private static final long serialVersionUID = 1L;

        private final CompiledModel model;
        private final RowSplit split;
        private final List<Table.Column> columns;
        private final int[] carriedPositions;
        private final int targetPosition;
        private final PredictionInterval interval;
        private final RowExplainer explainer;
        private final int top;

        RowScorer(CompiledModel model, RowSplit split, List<Table.Column> columns, int[] carriedPositions, int targetPosition,
                PredictionInterval interval, RowExplainer explainer, int top) {
            this.model = model;
            this.explainer = explainer;
            this.top = top;
            this.interval = interval;
            this.split = split;
            this.columns = List.copyOf(columns);
            this.carriedPositions = carriedPositions;
            this.targetPosition = targetPosition;
        }

        /** Scores one batch of rows into result rows, appended to {@code out}. */
        void score(List<List<Object>> batch, CompiledModel.Scorer scorer, RowExplainer.Session explaining, List<Row> out) {
            double[] predictions = scorer.predict(batch);
            if (explaining != null) {
                explaining.explain(batch);
            }
            int[] shown = new int[top];
            int sources = explainer == null ? 0 : explainer.sources().size();
            for (int r = 0; r < batch.size(); r++) {
                List<Object> values = batch.get(r);
                Double target = targetPosition >= 0 && values.get(targetPosition) instanceof Double d && Double.isFinite(d) ? d : null;
                Object[] row = new Object[carriedPositions.length + (interval != null ? 5 : 3) + (explaining != null ? 3 : 0)];
                for (int i = 0; i < carriedPositions.length; i++) {
                    row[i] = values.get(carriedPositions[i]);
                }
                int at = carriedPositions.length;
                row[at++] = target;
                row[at++] = predictions[r];
                if (interval != null) {
                    row[at++] = interval.lower(predictions[r]);
                    row[at++] = interval.upper(predictions[r]);
                }
                if (explaining != null) {
                    int k = explaining.top(r, top, shown);
                    Row[] contributions = new Row[k];
                    double others = 0;
                    for (int s = 0; s < sources; s++) {
                        others += explaining.contribution(r, s);
                    }
                    for (int i = 0; i < k; i++) {
                        double c = explaining.contribution(r, shown[i]);
                        others -= c;
                        contributions[i] = RowFactory.create(explainer.sources().get(shown[i]), explaining.value(values, shown[i]), c);
                    }
                    row[at++] = explaining.base(r);
                    row[at++] = contributions; // an array: what Spark takes for an array column from Java on every Spark line
                    row[at++] = others;
                }
                row[at] = split.splitOf(values, target != null);
                out.add(RowFactory.create(row));
            }
        }
    }

    /**
     * Scores one partition a batch at a time, streaming: at most one batch of rows is held, and native
     * models predict with one thread, since Spark already runs one task per core.
     */
    static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        private final Broadcast<RowScorer> scorer;

        ScorePartition(Broadcast<RowScorer> scorer) {
            this.scorer = scorer;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            RowScorer s = scorer.value();
            CompiledModel.Scorer session = s.model.open(1);
            RowExplainer.Session explaining = s.explainer == null ? null : s.explainer.open();
            TaskContext task = TaskContext.get();
            if (task != null) {
                // A task that fails or is cancelled mid-partition still releases its native booster.
                task.addTaskCompletionListener((TaskCompletionListener) context -> session.close());
            }
            List<List<Object>> batch = new ArrayList<>(CompiledModel.BATCH_ROWS);
            List<Row> scored = new ArrayList<>(CompiledModel.BATCH_ROWS);
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < scored.size()) {
                        return true;
                    }
                    scored.clear();
                    next = 0;
                    batch.clear();
                    while (batch.size() < CompiledModel.BATCH_ROWS && input.hasNext()) {
                        batch.add(PlainRows.valuesOf(input.next(), s.columns));
                    }
                    if (batch.isEmpty()) {
                        session.close();
                        return false;
                    }
                    s.score(batch, session, explaining, scored);
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return scored.get(next++);
                }
            };
        }
    }
}
