package io.fitscore.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.fitscore.aws.AwsAccess;
import io.fitscore.aws.StorageUri;
import io.fitscore.config.EffectiveConfig;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.report.ArtifactStore;
import io.fitscore.report.RunReport;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.ResultWriter;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkSessions;

/**
 * One run, stage by stage: config -> credentials -> inputs -> rows -> model -> scores -> outputs
 * -> metrics. Each stage takes only what the previous one produced.
 */
@ApplicationScoped
public class RunPipeline {

    private static final Logger LOG = Logger.getLogger(RunPipeline.class);
    public static final String METRICS_FILE = "metrics.json";
    public static final String MODEL_FILE = "model.tribuo";

    @Inject
    FitscoreConfig config;

    @Inject
    Instance<AwsAccess> awsAccess;

    @Inject
    ArtifactStore artifactStore;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    public RunReport execute(RunSettings.Overrides overrides) {
        String startedAt = Instant.now().toString();
        StageClock clock = new StageClock();
        RunSettings run = clock.time("config", () -> RunSettings.resolve(config, overrides));
        AwsAccess access = clock.time("credentials", () -> {
            AwsAccess a = awsAccess.get();
            a.logChoice();
            return a;
        });
        SparkSession spark = clock.time("spark-session", () -> SparkSessions.start(config.spark(), access));
        try {
            JoinedInputs joined = clock.time("read-join", () -> new InputReader(spark, config.csv().delimiter(), config.csv().types())
                    .readAndJoin(run.inputs(), run.joinKey(), run.target()));
            RowCollector.Collected collected = clock.time("collect",
                    () -> RowCollector.collect(joined, config.rows().max(), config.evaluation().seed()));
            Table table = collected.table();
            FeatureSpec spec = featureSpec(run, table);
            String description = "fitscore inputs " + run.inputs();
            ModelTrainer.Outcome outcome = clock.time("train-evaluate-score", () -> ModelTrainer.trainEvaluateScore(table, spec,
                    pipeline -> TrainerFactory.create(run.trainerType(), config.trainer(), pipeline.numericFeatureNames()),
                    config.evaluation().testFraction(), config.evaluation().seed(), description));
            List<String> carried = carriedColumns(run, table);
            clock.time("write-results", () -> {
                Dataset<Row> frame = ResultWriter.toFrame(spark, table, outcome.scored(), carried, run.target());
                ResultWriter.write(frame, run.output());
            });
            StorageUri modelLocation = run.artifacts().resolve(MODEL_FILE);
            StorageUri metricsLocation = run.artifacts().resolve(METRICS_FILE);
            clock.time("write-model", () -> artifactStore.put(modelLocation, outcome.model().serialize().toByteArray(),
                    "application/x-protobuf"));
            RunReport.Rows rows = new RunReport.Rows(joined.inputs(), joined.rowCount(), table.size(), collected.sampled(),
                    outcome.trainRows(), outcome.testRows(), outcome.unlabelledRows(), outcome.scored().size());
            RunReport report = new RunReport(version, startedAt, Instant.now().toString(), run.output().toString(),
                    run.artifacts().toString(), modelLocation.toString(), rows, outcome.evaluation(), outcome.baseline(),
                    new RunReport.Model(run.trainerType(), outcome.model().getClass().getName(), outcome.featureCount()),
                    clock.seconds(), EffectiveConfig.describe(run, access.kind().configName()));
            artifactStore.put(metricsLocation, metricsJson(report), "application/json");
            return report;
        } finally {
            stop(spark);
        }
    }

    private FeatureSpec featureSpec(RunSettings run, Table table) {
        FitscoreConfig.Features f = config.features();
        Set<String> excluded = new HashSet<>(f.exclude().orElse(List.of()));
        for (String column : excluded) {
            if (!table.has(column)) {
                LOG.debugf("Excluded column '%s' is not in the inputs", column);
            }
        }
        return new FeatureSpec(run.target(), run.joinKey(), excluded, new HashSet<>(f.multiValued().orElse(List.of())),
                f.multiValueSeparator(), f.minLevelCount());
    }

    private List<String> carriedColumns(RunSettings run, Table table) {
        List<String> carried = new ArrayList<>();
        run.joinKey().ifPresent(carried::add);
        for (String column : config.features().keepInOutput().orElse(List.of())) {
            if (!table.has(column)) {
                throw new FitscoreException(ExitCode.CONFIG, "fitscore.features.keep-in-output: column '" + column + "' is not in the inputs");
            }
            if (!carried.contains(column) && !column.equals(run.target())) {
                carried.add(column);
            }
        }
        return carried;
    }

    private byte[] metricsJson(RunReport report) {
        try {
            return objectMapper.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
        } catch (Exception e) {
            throw new FitscoreException(ExitCode.UNEXPECTED, "metrics.json could not be serialised: " + e.getMessage(), e);
        }
    }

    /**
     * Hadoop caches one s3a filesystem (with its credential providers) per bucket for the whole JVM;
     * closing them all after each run keeps a dev-mode rerun or the next test from inheriting this
     * run's endpoint and credentials, while within a run they are shared.
     */
    private static void stop(SparkSession spark) {
        try {
            spark.stop();
            FileSystem.closeAll();
        } catch (Exception e) {
            LOG.debug("Spark shutdown was not clean", e);
        }
    }
}
