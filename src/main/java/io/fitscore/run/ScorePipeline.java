package io.fitscore.run;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.MissingColumns;
import io.fitscore.config.RunSettings;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.RowSplit;
import io.fitscore.publish.Publisher;
import io.fitscore.report.RunArtifacts;
import io.fitscore.spark.ResultWriter;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.SparkScoring;

/**
 * Scores the configured inputs with a saved model and its saved feature pipeline, no training:
 * config -> credentials -> model -> inputs -> scores (inside Spark, every row) -> outputs.
 */
@ApplicationScoped
public class ScorePipeline {

    private static final Logger LOG = Logger.getLogger(ScorePipeline.class);

    /** What a scoring run did. */
    public record ScoreReport(String model, String output, long joined, long scored, Map<String, Double> seconds) {
    }

    @Inject
    FitscoreConfig config;

    @Inject
    RunArtifacts artifacts;

    @Inject
    Publisher publisher;

    @Inject
    StagedRunner runner;

    public ScoreReport execute(String modelFolder, RunSettings.Overrides overrides) {
        StorageUri folder = StorageUri.parse("--model", modelFolder).asPrefix();
        return runner.execute(overrides, new StagedJob<>() {
            private Model<Regressor> model;
            private RunArtifacts.FeaturesFile features;

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
            public List<StorageUri> writableFolders(RunSettings run) {
                return List.of(run.output());
            }

            @Override
            public void beforeSpark(RunSettings run, StageClock clock) {
                model = clock.time("read-model", () -> artifacts.readModel(folder));
                features = artifacts.readFeatures(folder);
            }

            @Override
            public ScoreReport stages(StagedRunner.Frame frame) {
                return score(frame, folder, model, features);
            }
        });
    }

    private ScoreReport score(StagedRunner.Frame frame, StorageUri folder, Model<Regressor> model, RunArtifacts.FeaturesFile features) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri staging = frame.stage(run.output(), ResultWriter.SUCCESS_MARKER);
        JoinedInputs joined = frame.readJoin(features.target(), false);
        Dataset<Row> rows = withRequiredColumns(joined.rows(), features.pipeline(), run.missingColumns());
        List<String> columns = List.of(rows.columns());
        List<String> carried = features.carriedColumns().stream().filter(columns::contains).toList();
        Dataset<Row> projected = SparkScoring.project(rows, SparkScoring.neededColumns(rows, features.pipeline(), carried,
                features.target()));
        clock.time("score-write-results", () -> ResultWriter.write(SparkScoring.score(projected, joined.rowCount(), model, features.pipeline(),
                RowSplit.none(), carried, features.target()), staging));
        clock.rows("scored", joined.rowCount());
        return new ScoreReport(folder.toString(), run.output().toString(), joined.rowCount(), joined.rowCount(), clock.seconds());
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
