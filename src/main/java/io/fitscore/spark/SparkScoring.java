package io.fitscore.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.RowSplit;
import io.fitscore.ml.Table;

/**
 * Scores every joined row inside Spark: the model and its feature pipeline are broadcast to the
 * executors and each partition is scored where it lies, so the rows scored are bounded by the cluster,
 * not by the driver's heap. Rows go through the same plain-Java conversion and the same pipeline as
 * on the driver, so a row gets the same prediction either way.
 */
public final class SparkScoring {

    public static final String PREDICTION = "prediction";
    public static final String SPLIT = "split";

    private SparkScoring() {
    }

    /**
     * The typed result frame (carried columns, the target, the prediction and the row's split), lazily
     * computed: nothing is scored until it is written.
     */
    public static Dataset<Row> score(Dataset<Row> rows, Model<Regressor> model, FeaturePipeline pipeline, RowSplit split,
            List<String> carried, String target) {
        List<Table.Column> columns = PlainRows.columnsOf(rows.schema());
        Table shape = new Table(columns, List.of());
        pipeline.bind(shape); // fails here, on the driver, if a column the pipeline needs is absent
        List<StructField> fields = new ArrayList<>();
        int[] carriedPositions = new int[carried.size()];
        for (int i = 0; i < carried.size(); i++) {
            Table.Column column = shape.column(carried.get(i));
            carriedPositions[i] = shape.indexOf(column.name());
            fields.add(DataTypes.createStructField(column.name(), column.numeric() ? DataTypes.DoubleType : DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(target, DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField(PREDICTION, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));
        StructType schema = DataTypes.createStructType(fields);

        Scorer scorer = new Scorer(model, pipeline, split, columns, carriedPositions, shape.indexOf(target));
        Broadcast<Scorer> shared = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()).broadcast(scorer);
        return rows.mapPartitions(new ScorePartition(shared), Encoders.row(schema));
    }

    /** What every executor needs to score a row; its row encoder is rebuilt after deserialisation. */
    static final class Scorer implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Model<Regressor> model;
        private final FeaturePipeline pipeline;
        private final RowSplit split;
        private final List<Table.Column> columns;
        private final int[] carriedPositions;
        private final int targetPosition;
        private transient volatile FeaturePipeline.RowEncoder encoder;

        Scorer(Model<Regressor> model, FeaturePipeline pipeline, RowSplit split, List<Table.Column> columns,
                int[] carriedPositions, int targetPosition) {
            this.model = model;
            this.pipeline = pipeline;
            this.split = split;
            this.columns = List.copyOf(columns);
            this.carriedPositions = carriedPositions;
            this.targetPosition = targetPosition;
        }

        Row score(Row row) {
            FeaturePipeline.RowEncoder e = encoder;
            if (e == null) {
                // Stateless once bound, so tasks sharing this broadcast value may race here harmlessly.
                e = pipeline.bind(new Table(columns, List.of()));
                encoder = e;
            }
            List<Object> values = PlainRows.valuesOf(row, columns);
            Double target = targetPosition >= 0 && values.get(targetPosition) instanceof Double d && Double.isFinite(d) ? d : null;
            double prediction = pipeline.unscale(model.predict(e.encode(values)).getOutput().getValues()[0]);
            Object[] out = new Object[carriedPositions.length + 3];
            for (int i = 0; i < carriedPositions.length; i++) {
                out[i] = values.get(carriedPositions[i]);
            }
            out[carriedPositions.length] = target;
            out[carriedPositions.length + 1] = prediction;
            out[carriedPositions.length + 2] = split.splitOf(values, target != null);
            return RowFactory.create(out);
        }
    }

    /** Scores one partition row by row, streaming: a partition is never held in memory whole. */
    static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        private final Broadcast<Scorer> scorer;

        ScorePartition(Broadcast<Scorer> scorer) {
            this.scorer = scorer;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            Scorer s = scorer.value();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    return s.score(input.next());
                }
            };
        }
    }
}
