package io.fitscore.regression;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.lifecycle.Destination;
import io.fitscore.lifecycle.JobFrame;
import io.fitscore.lifecycle.StageClock;
import io.fitscore.lifecycle.StagedJob;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.RowExplainer;
import io.fitscore.ml.RowSplit;
import io.fitscore.report.RunArtifacts;
import io.fitscore.spark.InputRows;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;
import io.fitscore.supervised.PlainRows;
import io.fitscore.supervised.SparkScoring;

/**
 * {@code fitscore score}: a saved model and its saved feature pipeline applied to the configured inputs, no
 * training: model (read while Spark starts) -> read-join -> scores (inside Spark, every row) -> results.
 */
public final class ScoreJob implements StagedJob<ScoreJob.ScoreReport> {

    private static final Logger LOG = Logger.getLogger(ScoreJob.class);

    /** What a scoring run did. */
    public record ScoreReport(String model, String output, long joined, long scored, Map<String, Double> seconds) {
    }

    private final RegressionConfig config;
    private final RunArtifacts artifacts;
    private final StorageUri folder;
    private MissingColumns missingColumns;
    private Model<Regressor> model;
    private RunArtifacts.FeaturesFile features;

    /** @param modelFolder the artifacts folder of the run whose model scores */
    public ScoreJob(RegressionConfig config, RunArtifacts artifacts, StorageUri modelFolder) {
        this.config = config;
        this.artifacts = artifacts;
        this.folder = modelFolder;
    }

    @Override
    public String description() {
        return "scoring";
    }

    @Override
    public String jobName() {
        return "score";
    }

    @Override
    public boolean targetRequired() {
        return false;
    }

    @Override
    public void configure(Optional<String> joinKey, List<Problem> problems) {
        missingColumns = RegressionSettings.resolveScoring(config, problems).orElse(null);
    }

    @Override
    public List<Destination> destinations(RunSettings run) {
        return List.of(new Destination(run.output(), ResultWriter.SUCCESS_MARKER));
    }

    @Override
    public void beforeSpark(RunSettings run, StageClock clock) {
        model = clock.time("read-model", () -> artifacts.readModel(folder));
        features = artifacts.readFeatures(folder);
    }

    @Override
    public ScoreReport stages(JobFrame frame) {
        return score(frame, folder, model, features);
    }

    private ScoreReport score(JobFrame frame, StorageUri folder, Model<Regressor> model, RunArtifacts.FeaturesFile features) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri staging = frame.staging(run.output());
        InputRows joined = frame.readJoin(features.target(), false);
        Dataset<Row> rows = withRequiredColumns(joined.rows(), features.pipeline(), missingColumns);
        List<String> columns = List.of(rows.columns());
        List<String> carried = features.carriedColumns().stream().filter(columns::contains).toList();
        Dataset<Row> projected = SparkScoring.project(rows, SparkScoring.neededColumns(rows, features.pipeline(), carried,
                features.target()));
        clock.time("score-write-results", () -> ResultWriter.write(SparkScoring.score(projected, joined.rowCount(), model, features.pipeline(),
                RowSplit.none(), carried, features.target(), features.interval(), explain(features, projected, joined.rowCount())), staging));
        clock.rows("scored", joined.rowCount());
        return new ScoreReport(folder.toString(), run.output().toString(), joined.rowCount(), joined.rowCount(), clock.seconds());
    }

    /**
     * Explanations as the run that trained the model would write them: with fitscore.explain.top columns, from the means
     * it stored, when the estimate fits fitscore.explain.budget-seconds; else none.
     */
    private SparkScoring.Explain explain(RunArtifacts.FeaturesFile features, Dataset<Row> rows, long rowCount) {
        int top = config.explain().top();
        RowExplainer explainer = top == 0 ? null : RowExplainer.of(model, features.pipeline(), PlainRows.columnsOf(rows.schema()),
                features.featureMeans());
        return explainer != null && explainer.estimatedSeconds(rowCount) <= config.explain().budgetSeconds()
                ? new SparkScoring.Explain(top, explainer) : null;
    }

    /**
     * The documented rule for inputs that lack a column the model was trained on: with
     * fitscore.score.missing-columns=error the run stops (exit 6) naming the column; with =missing
     * the column is treated as missing in every row (median, missing level, no labels).
     */
    private static Dataset<Row> withRequiredColumns(Dataset<Row> rows, FeaturePipeline pipeline, MissingColumns rule) {
        List<String> present = List.of(rows.columns());
        List<String> missing = pipeline.columns().stream().filter(c -> !present.contains(c)).distinct().toList();
        if (missing.isEmpty()) {
            return rows;
        }
        if (rule == MissingColumns.ERROR) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "the inputs lack column(s) " + missing
                    + " that the model was trained on (set fitscore.score.missing-columns=missing to score them as missing values)");
        }
        LOG.warnf("Columns %s are missing from the inputs: scored as missing values in every row", missing);
        Dataset<Row> extended = rows;
        for (String column : missing) {
            boolean numeric = pipeline.encodings().stream().anyMatch(e -> e.column().equals(column) && e instanceof FeaturePipeline.Numeric);
            extended = extended.withColumn(column, functions.lit(null).cast(numeric ? DataTypes.DoubleType : DataTypes.StringType));
        }
        return extended;
    }
}
