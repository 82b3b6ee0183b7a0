package io.fitscore.reduce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fitscore.config.EffectiveConfig;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.ReduceSettings;
import io.fitscore.config.RunSettings;
import io.fitscore.report.RunArtifacts;
import io.fitscore.run.SharedStages;
import io.fitscore.run.StageClock;
import io.fitscore.run.StagedJob;
import io.fitscore.run.StagedRunner;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.PrincipalComponents;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;

/**
 * {@code fitscore reduce} in the staged frame: inputs -> read-join -> preprocessing + PCA (fitted in Spark)
 * -> the reduced matrix and the artifacts (Spark ML model, components, explained variance) -> publish.
 */
@ApplicationScoped
public class ReduceJob {

    public static final String MODEL_FOLDER = "model/";
    public static final String COMPONENTS = "components.csv";
    public static final String EXPLAINED_VARIANCE = "explained_variance.csv";

    @Inject
    FitscoreConfig config;

    @Inject
    StagedRunner runner;

    @Inject
    SharedStages stages;

    @Inject
    RunArtifacts artifacts;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    /** What a reduce run did; written as metrics.json. */
    public record ReduceReport(String fitscoreVersion, String job, String runDate, String startedAt, String finishedAt,
            String output, String artifacts, long rows, List<String> columns, Map<String, String> columnsLeftOut,
            Map<String, Long> valuesImputed, boolean standardised, int components, double varianceKept,
            List<Map<String, Object>> explainedVariance, Map<String, Double> seconds, Object spark, Map<String, Object> config) {
    }

    public ReduceReport execute(RunSettings.Overrides overrides) {
        String startedAt = Instant.now().toString();
        return runner.execute(overrides, new StagedJob<>() {
            private ReduceSettings settings;

            @Override
            public String description() {
                return "the reduce run";
            }

            @Override
            public boolean targetRequired() {
                return false;
            }

            @Override
            public List<StorageUri> writableFolders(RunSettings run) {
                return List.of(run.output(), run.runArtifacts());
            }

            @Override
            public void beforeSpark(RunSettings run, StageClock clock) {
                settings = ReduceSettings.resolve(config, run.joinKey());
            }

            @Override
            public ReduceReport stages(StagedRunner.Frame frame) {
                return reduce(frame, settings, startedAt);
            }
        });
    }

    private ReduceReport reduce(StagedRunner.Frame frame, ReduceSettings settings, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri resultsStaging = frame.stage(run.output(), ResultWriter.SUCCESS_MARKER);
        StorageUri artifactsStaging = frame.stage(run.runArtifacts(), RunArtifacts.METRICS);
        JoinedInputs joined = stages.readJoin(clock, frame.spark(), run, run.target(), false);
        PrincipalComponents.Fitted fitted = clock.time("fit-pca", () -> PrincipalComponents.fit(joined.rows(), settings.columns(),
                settings.idColumn(), settings.components(), settings.varianceShare(), settings.standardise()));
        frame.checkInterrupted();
        Dataset<Row> reduced = PrincipalComponents.transform(fitted, joined.rows(), settings.idColumn());
        clock.time("write-matrix", () -> {
            if (settings.format() == ReduceSettings.Format.CSV) {
                ResultWriter.writeCsv(reduced, resultsStaging);
            } else {
                ResultWriter.write(reduced, resultsStaging);
            }
        });
        clock.rows("reduced", fitted.rows());
        Map<String, Object> effectiveConfig = EffectiveConfig.describe(run, frame.access().kind().configName());
        Map<String, Object> reduceConfig = new LinkedHashMap<>();
        reduceConfig.put("components", settings.components().isPresent() ? settings.components().getAsInt() : null);
        reduceConfig.put("variance_share", settings.varianceShare());
        reduceConfig.put("columns", settings.columns().orElse(null));
        reduceConfig.put("id_column", settings.idColumn().orElse(null));
        reduceConfig.put("standardise", settings.standardise());
        reduceConfig.put("format", settings.format().name().toLowerCase(Locale.ROOT));
        effectiveConfig.put("reduce", reduceConfig);
        clock.time("write-artifacts", () -> {
            PrincipalComponents.save(fitted, artifactsStaging.resolve(MODEL_FOLDER));
            artifacts.writeText(artifactsStaging, COMPONENTS, componentsCsv(fitted), "text/csv");
            artifacts.writeText(artifactsStaging, EXPLAINED_VARIANCE, varianceCsv(fitted), "text/csv");
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("fitscore_version", version);
            provenance.put("job", "reduce");
            provenance.put("run_date", run.runDate().toString());
            provenance.put("inputs", frame.inputObjects());
            provenance.put("output", run.output().toString());
            provenance.put("config", effectiveConfig);
            artifacts.writeJson(artifactsStaging, RunArtifacts.PROVENANCE, provenance);
        });
        ReduceReport report = new ReduceReport(version, "reduce", run.runDate().toString(), startedAt, Instant.now().toString(),
                run.output().toString(), run.runArtifacts().toString(), fitted.rows(), fitted.columns(), fitted.leftOut(),
                fitted.imputed(), settings.standardise(), fitted.k(), fitted.keptShare(), variance(fitted), clock.seconds(),
                frame.spark().work(), effectiveConfig);
        artifacts.writeJson(artifactsStaging, RunArtifacts.METRICS, report);
        return report;
    }

    private static List<Map<String, Object>> variance(PrincipalComponents.Fitted fitted) {
        List<Map<String, Object>> rows = new ArrayList<>();
        double cumulative = 0;
        for (int i = 0; i < fitted.varianceShares().length; i++) {
            cumulative += fitted.varianceShares()[i];
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("component", "pc_" + (i + 1));
            r.put("share", fitted.varianceShares()[i]);
            r.put("cumulative", Math.min(1.0, cumulative));
            r.put("kept", i < fitted.k());
            rows.add(r);
        }
        return rows;
    }

    private static String varianceCsv(PrincipalComponents.Fitted fitted) {
        StringBuilder s = new StringBuilder("component,share,cumulative,kept\n");
        for (Map<String, Object> r : variance(fitted)) {
            s.append(r.get("component")).append(',').append(r.get("share")).append(',').append(r.get("cumulative")).append(',')
                    .append(r.get("kept")).append('\n');
        }
        return s.toString();
    }

    /** The loadings: one row per input column, one column per kept component. */
    private static String componentsCsv(PrincipalComponents.Fitted fitted) {
        StringBuilder s = new StringBuilder("column");
        for (int c = 0; c < fitted.k(); c++) {
            s.append(",pc_").append(c + 1);
        }
        s.append('\n');
        for (int r = 0; r < fitted.columns().size(); r++) {
            s.append('"').append(fitted.columns().get(r).replace("\"", "\"\"")).append('"');
            for (int c = 0; c < fitted.k(); c++) {
                s.append(',').append(fitted.loadings()[r][c]);
            }
            s.append('\n');
        }
        return s.toString();
    }
}
