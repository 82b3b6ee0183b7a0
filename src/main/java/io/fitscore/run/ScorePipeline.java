package io.fitscore.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.aws.AwsAccess;
import io.fitscore.aws.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.ScoredRow;
import io.fitscore.ml.Table;
import io.fitscore.publish.Publisher;
import io.fitscore.report.RunArtifacts;
import io.fitscore.spark.ResultWriter;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkJob;

/**
 * Scores the configured inputs with a saved model and its saved feature pipeline, no training:
 * config -> credentials -> model -> inputs -> rows -> scores -> outputs.
 */
@ApplicationScoped
public class ScorePipeline {

    private static final Logger LOG = Logger.getLogger(ScorePipeline.class);

    /** What a scoring run did. */
    public record ScoreReport(String model, String output, long joined, long scored, boolean sampled, Map<String, Double> seconds) {
    }

    @Inject
    FitscoreConfig config;

    @Inject
    RunArtifacts artifacts;

    @Inject
    Publisher publisher;

    @Inject
    SharedStages stages;

    public ScoreReport execute(String modelFolder, RunSettings.Overrides overrides) {
        return stages.watched(interruption -> execute(modelFolder, overrides, interruption));
    }

    private ScoreReport execute(String modelFolder, RunSettings.Overrides overrides, Interruption interruption) {
        StageClock clock = stages.clock(interruption);
        RunSettings run = clock.time("config", () -> RunSettings.resolve(config, overrides));
        StorageUri folder = StorageUri.parse("--model", modelFolder).asPrefix();
        AwsAccess access = stages.credentials(clock);
        stages.validate(clock, run, false, List.of(run.output()));
        Model<Regressor> model = clock.time("read-model", () -> artifacts.readModel(folder));
        RunArtifacts.FeaturesFile features = artifacts.readFeatures(folder);
        StorageUri staging = run.output().stagingSibling(UUID.randomUUID().toString().substring(0, 8));
        boolean published = false;
        try (SparkJob job = clock.time("spark-session", () -> SparkJob.start(config.spark(), access))) {
            interruption.attach(job);
            RowCollector.Collected collected = stages.readRows(clock, job, run, features.target(), false);
            Table table = withRequiredColumns(collected.table(), features.pipeline());
            List<Double> predictions = clock.time("score",
                    () -> ModelTrainer.predict(new ModelTrainer.Fitted(features.pipeline(), model), table, table.rows()));
            int targetIndex = table.indexOf(features.target());
            List<ScoredRow> scored = new ArrayList<>(table.size());
            for (int i = 0; i < table.size(); i++) {
                List<Object> row = table.rows().get(i);
                Double target = targetIndex >= 0 && row.get(targetIndex) instanceof Double d ? d : null;
                scored.add(new ScoredRow(row, target, predictions.get(i), ScoredRow.SCORED));
            }
            List<String> carried = new ArrayList<>();
            for (String column : features.carriedColumns()) {
                if (table.has(column)) {
                    carried.add(column);
                }
            }
            clock.time("write-results", () -> ResultWriter.write(
                    ResultWriter.toFrame(job.spark(), table, scored, carried, features.target()), staging));
            clock.time("publish", () -> interruption.publishing(() -> publisher.promote(staging, run.output(), ResultWriter.SUCCESS_MARKER)));
            published = true;
            return new ScoreReport(folder.toString(), run.output().toString(), collected.joined().rowCount(), scored.size(), collected.sampled(),
                    clock.seconds());
        } catch (RuntimeException e) {
            throw interruption.interrupted() ? new FitscoreException(ExitCode.INTERRUPTED,
                    "interrupted by SIGTERM during scoring; nothing was published", e) : e;
        } finally {
            if (!published) {
                publisher.discard(staging);
            }
        }
    }

    /**
     * The documented rule for inputs that lack a column the model was trained on: with
     * fitscore.score.missing-columns=error the run stops (exit 6) naming the column; with =missing
     * the column is treated as missing in every row (median, missing level, no labels).
     */
    private Table withRequiredColumns(Table table, FeaturePipeline pipeline) {
        List<String> missing = pipeline.columns().stream().filter(c -> !table.has(c)).distinct().toList();
        if (missing.isEmpty()) {
            return table;
        }
        if (!"missing".equals(config.score().missingColumns())) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "the inputs lack column(s) " + missing
                    + " that the model was trained on (set fitscore.score.missing-columns=missing to score them as missing values)");
        }
        LOG.warnf("Columns %s are missing from the inputs: scored as missing values in every row", missing);
        List<Table.Column> columns = new ArrayList<>(table.columns());
        for (String column : missing) {
            boolean numeric = pipeline.encodings().stream().anyMatch(e -> e.column().equals(column) && e instanceof FeaturePipeline.Numeric);
            columns.add(new Table.Column(column, numeric));
        }
        List<List<Object>> rows = new ArrayList<>(table.size());
        for (List<Object> row : table.rows()) {
            List<Object> extended = new ArrayList<>(row);
            extended.addAll(Collections.nCopies(missing.size(), null));
            rows.add(Collections.unmodifiableList(Arrays.asList(extended.toArray())));
        }
        return new Table(columns, rows);
    }
}
