package io.fitscore.reduce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.fitscore.reduce.ReduceSettings;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.Problem;
import io.fitscore.lifecycle.Destination;
import io.fitscore.lifecycle.JobFrame;
import io.fitscore.report.HtmlReport;
import io.fitscore.report.JobReport;
import io.fitscore.report.RunArtifacts;
import io.fitscore.lifecycle.StageClock;
import io.fitscore.lifecycle.StagedJob;
import io.fitscore.reduce.ImageFolders;
import io.fitscore.spark.InputRows;
import io.fitscore.reduce.PrincipalComponents;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputFormat;

/**
 * {@code fitscore reduce} in the staged frame: inputs -> read-join -> preprocessing + PCA (fitted in Spark)
 * -> the reduced matrix and the artifacts (Spark ML model, components, explained variance) -> publish.
 */
public final class ReduceJob implements StagedJob<ReduceJob.ReduceReport> {

    public static final String MODEL_FOLDER = "model/";
    public static final String COMPONENTS = "components.csv";
    public static final String EXPLAINED_VARIANCE = "explained_variance.csv";
    /** Points in the report's scatter of the first two components, and components in its scree chart. */
    private static final int REPORT_POINTS = 2000;
    private static final int SCREE_COMPONENTS = 30;

    /** What a reduce run did; written as metrics.json. */
    public record ReduceReport(String fitscoreVersion, String job, String runDate, String startedAt, String finishedAt,
            String output, String artifacts, String source, long rows, int features, List<String> columns, Map<String, String> columnsLeftOut,
            Map<String, Long> valuesImputed, boolean standardised, int components, double varianceKept,
            List<ComponentVariance> explainedVariance, Map<String, Double> seconds, Object spark, Map<String, Object> config)
            implements JobReport {

        /** The components kept, the rows reduced, and the share of the variance kept beside the features' count. */
        @Override
        public Headline headline() {
            return new Headline(components + " components", rows,
                    List.of(new Headline.Figure("variance kept", varianceKept), new Headline.Figure("features", features)));
        }
    }

    private final ReduceConfig config;
    private final RunArtifacts artifacts;
    private final String startedAt = Instant.now().toString();
    private ReduceSettings settings;

    public ReduceJob(ReduceConfig config, RunArtifacts artifacts) {
        this.config = config;
        this.artifacts = artifacts;
    }

    @Override
    public String description() {
        return "the reduce run";
    }

    @Override
    public String jobName() {
        return "reduce";
    }

    @Override
    public InputFormat inputFormat() {
        return settings.source() == ReduceSettings.Source.IMAGES ? InputFormat.IMAGE_FOLDERS : InputFormat.CSV_TABLES;
    }

    @Override
    public boolean targetRequired() {
        return false;
    }

    /** Results first, then the artifacts folder, whose metrics.json marks a complete run. */
    @Override
    public List<Destination> destinations(RunSettings run) {
        return List.of(new Destination(run.output(), ResultWriter.SUCCESS_MARKER), new Destination(run.runArtifacts(), RunArtifacts.METRICS));
    }

    @Override
    public void configure(Optional<String> joinKey, List<Problem> problems) {
        settings = ReduceSettings.resolve(config, joinKey, problems).orElse(null);
    }

    @Override
    public ReduceReport stages(JobFrame frame) {
        return reduce(frame, settings, startedAt);
    }

    private ReduceReport reduce(JobFrame frame, ReduceSettings settings, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri resultsStaging = frame.staging(run.output());
        StorageUri artifactsStaging = frame.staging(run.runArtifacts());
        Reduced reduced = settings.source() == ReduceSettings.Source.IMAGES ? reduceImages(frame, settings) : reduceTable(frame, settings);
        PrincipalComponents.Fitted fitted = reduced.fitted();
        clock.time("write-matrix", () -> {
            if (settings.format() == ReduceSettings.Format.CSV) {
                ResultWriter.writeCsv(reduced.matrix(), resultsStaging);
            } else {
                ResultWriter.write(reduced.matrix(), resultsStaging);
            }
        });
        // A bounded sample of the first two components for the report's scatter, before the kept rows are freed.
        List<Row> scatter = fitted.k() < 2 ? List.of() : reduced.matrix().select(org.apache.spark.sql.functions.col("pc_1"),
                org.apache.spark.sql.functions.col("pc_2"), settings.source() == ReduceSettings.Source.IMAGES
                        ? org.apache.spark.sql.functions.col(ImageFolders.LABEL) : org.apache.spark.sql.functions.lit(""))
                .limit(REPORT_POINTS).collectAsList();
        reduced.release().run();
        clock.rows("reduced", fitted.rows());
        Map<String, Object> effectiveConfig = frame.effectiveConfig(Map.of("reduce", settings.describe()));
        List<ComponentVariance> variance = variance(fitted);
        clock.time("write-artifacts", () -> {
            PrincipalComponents.save(fitted, artifactsStaging.resolve(MODEL_FOLDER));
            artifacts.writeText(artifactsStaging, COMPONENTS, componentsCsv(fitted), "text/csv");
            artifacts.writeText(artifactsStaging, EXPLAINED_VARIANCE, varianceCsv(variance), "text/csv");
            Map<String, Object> provenance = frame.provenance(effectiveConfig);
            provenance.put("job", "reduce");
            artifacts.writeJson(artifactsStaging, RunArtifacts.PROVENANCE, provenance);
        });
        ReduceReport report = new ReduceReport(frame.fitscoreVersion(), "reduce", run.runDate().toString(), startedAt,
                Instant.now().toString(), run.output().toString(), run.runArtifacts().toString(), settings.source().name().toLowerCase(Locale.ROOT),
                fitted.rows(), fitted.columns().size(), settings.source() == ReduceSettings.Source.IMAGES ? List.of() : fitted.columns(),
                fitted.leftOut(), fitted.imputed(), settings.standardise(), fitted.k(), fitted.keptShare(), variance, clock.seconds(),
                frame.spark().work(), effectiveConfig);
        artifacts.writeText(artifactsStaging, RunArtifacts.REPORT, page(report, scatter), "text/html; charset=utf-8");
        artifacts.writeMetrics(artifactsStaging, report);
        return report;
    }

    /** report.html: explained variance (scree and cumulative) and the first two components, coloured by label for images. */
    private static String page(ReduceReport r, List<Row> scatter) {
        HtmlReport page = new HtmlReport("fitscore reduce " + r.runDate()).figure("rows", Long.toString(r.rows()))
                .figure("features", Integer.toString(r.features())).figure("components kept", Integer.toString(r.components()))
                .figure("variance kept", String.format(Locale.ROOT, "%.1f%%", 100 * r.varianceKept()));
        List<ComponentVariance> shown = r.explainedVariance().subList(0, Math.min(SCREE_COMPONENTS, r.explainedVariance().size()));
        page.chart(new HtmlReport.Bars("Explained variance per component (first " + shown.size() + ")", "share of variance",
                shown.stream().map(ComponentVariance::component).toList(),
                Map.of("share", shown.stream().mapToDouble(ComponentVariance::share).toArray()),
                Map.of("cumulative", shown.stream().mapToDouble(ComponentVariance::cumulative).toArray())));
        if (!scatter.isEmpty()) {
            page.chart(new HtmlReport.Scatter("First two components (" + scatter.size() + " rows)", "pc_1", "pc_2",
                    scatter.stream().mapToDouble(row -> row.getDouble(0)).toArray(), scatter.stream().mapToDouble(row -> row.getDouble(1)).toArray(),
                    scatter.stream().map(row -> row.isNullAt(2) ? "" : row.get(2).toString()).toList(), false));
        }
        page.chart(new HtmlReport.Bars("Seconds per stage", "seconds", List.copyOf(r.seconds().keySet()),
                Map.of("seconds", r.seconds().values().stream().mapToDouble(Double::doubleValue).toArray())));
        page.table("Explained variance (first " + shown.size() + " components; all in explained_variance.csv)",
                List.of("component", "share", "cumulative", "kept"), shown.stream()
                .map(v -> List.of(v.component(), String.format(Locale.ROOT, "%.4f", v.share()), String.format(Locale.ROOT, "%.4f", v.cumulative()),
                        Boolean.toString(v.kept()))).toList());
        page.json("Effective configuration", r.config());
        return page.render();
    }

    /** The fitted chain, the matrix to write (one row per input row or image), and what frees the data it keeps. */
    private record Reduced(PrincipalComponents.Fitted fitted, Dataset<Row> matrix, Runnable release) {
    }

    private static Reduced reduceTable(JobFrame frame, ReduceSettings settings) {
        InputRows joined = frame.readJoin(frame.run().target(), false);
        PrincipalComponents.Fitted fitted = frame.clock().time("fit-pca", () -> PrincipalComponents.fit(joined.rows(), settings.columns(),
                settings.categorical(), settings.idColumn(), settings.components(), settings.varianceShare(), settings.standardise()));
        frame.checkInterrupted();
        return new Reduced(fitted, PrincipalComponents.transform(fitted, joined.rows(), settings.idColumn()), () -> { });
    }

    private static Reduced reduceImages(JobFrame frame, ReduceSettings settings) {
        StageClock clock = frame.clock();
        ImageFolders.Images images = clock.time("read-images", () -> ImageFolders.read(frame.spark().spark(), frame.run().inputs(),
                settings.imageSize()));
        clock.rows("images", images.count());
        try {
            PrincipalComponents.Fitted fitted = clock.time("fit-pca", () -> PrincipalComponents.fitVectors(images.rows(),
                    ImageFolders.FEATURES, images.featureNames(), images.count(), settings.components(), settings.varianceShare(),
                    settings.standardise()));
            frame.checkInterrupted();
            Dataset<Row> matrix = PrincipalComponents.transformVectors(fitted, images.rows(), List.of(ImageFolders.PATH, ImageFolders.LABEL));
            return new Reduced(fitted, matrix, images.rows()::unpersist);
        } catch (RuntimeException e) {
            images.rows().unpersist();
            throw e;
        }
    }

    /** One principal component's share of the variance, the running total, and whether it was kept. */
    public record ComponentVariance(String component, double share, double cumulative, boolean kept) {
    }

    private static List<ComponentVariance> variance(PrincipalComponents.Fitted fitted) {
        List<ComponentVariance> rows = new ArrayList<>();
        double cumulative = 0;
        for (int i = 0; i < fitted.varianceShares().length; i++) {
            cumulative += fitted.varianceShares()[i];
            rows.add(new ComponentVariance("pc_" + (i + 1), fitted.varianceShares()[i], Math.min(1.0, cumulative), i < fitted.k()));
        }
        return rows;
    }

    private static String varianceCsv(List<ComponentVariance> variance) {
        StringBuilder s = new StringBuilder("component,share,cumulative,kept\n");
        for (ComponentVariance v : variance) {
            s.append(v.component()).append(',').append(v.share()).append(',').append(v.cumulative()).append(',').append(v.kept()).append('\n');
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
