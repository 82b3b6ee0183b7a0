package io.fitscore.recommend;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.recommend.RecommendSettings;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.Problem;
import io.fitscore.lifecycle.Destination;
import io.fitscore.lifecycle.JobFrame;
import io.fitscore.report.HtmlReport;
import io.fitscore.report.RunArtifacts;
import io.fitscore.lifecycle.StageClock;
import io.fitscore.lifecycle.StagedJob;
import io.fitscore.recommend.CollaborativeFiltering;
import io.fitscore.spark.InputStats;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;

/**
 * {@code fitscore recommend} in the staged frame: order logs -> read (stacked) -> customer-item pairs ->
 * ALS measured on a seeded holdout against the popularity baseline -> ALS refitted on every pair -> the
 * top items per customer -> publish, with the model, metrics.json and provenance.json as artifacts.
 */
public final class RecommendJob implements StagedJob<RecommendJob.RecommendReport> {

    public static final String MODEL_FOLDER = "model/";
    public static final String USER_INDEX_FOLDER = "user_index/";
    public static final String ITEM_INDEX_FOLDER = "item_index/";

    /** What a recommend run did; written as metrics.json. */
    public record RecommendReport(String fitscoreVersion, String job, String runDate, String startedAt, String finishedAt,
            String output, String artifacts, List<InputStats> inputs, CollaborativeFiltering.PairCounts pairs,
            CollaborativeFiltering.Evaluation holdout, double precisionLiftOverPopularity, CollaborativeFiltering.Served served,
            double itemCoverage, Map<String, Double> seconds, Object spark, Map<String, Object> config) {
    }

    private final RecommendConfig config;
    private final RunArtifacts artifacts;
    private final String startedAt = Instant.now().toString();
    private RecommendSettings settings;

    public RecommendJob(RecommendConfig config, RunArtifacts artifacts) {
        this.config = config;
        this.artifacts = artifacts;
    }

    @Override
    public String description() {
        return "the recommend run";
    }

    @Override
    public String jobName() {
        return "recommend";
    }

    @Override
    public boolean joinsInputs() {
        return false;
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
        settings = RecommendSettings.resolve(config, problems).orElse(null);
    }

    @Override
    public RecommendReport stages(JobFrame frame) {
        return recommend(frame, settings, startedAt);
    }

    private RecommendReport recommend(JobFrame frame, RecommendSettings settings, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri resultsStaging = frame.staging(run.output());
        StorageUri artifactsStaging = frame.staging(run.runArtifacts());
        frame.spark().enableCheckpoints(settings.checkpointDir());
        JoinedInputs logs = frame.readUnion();
        CollaborativeFiltering.Pairs pairs = clock.time("pairs", () -> CollaborativeFiltering.pairs(logs.rows(), settings));
        try {
            clock.rows("pairs", pairs.counts().pairs());
            logs.rows().unpersist();
            frame.checkInterrupted();
            CollaborativeFiltering.Evaluation holdout = clock.time("evaluate", () -> CollaborativeFiltering.evaluate(frame.spark().spark(),
                    pairs, settings));
            ALSModel model = clock.time("fit", () -> CollaborativeFiltering.als(settings).fit(pairs.pairs()));
            frame.checkInterrupted();
            Dataset<Row> recommendations = CollaborativeFiltering.recommendations(frame.spark().spark(), model, pairs, settings)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                clock.time("write-recommendations", () -> ResultWriter.write(recommendations, resultsStaging));
                CollaborativeFiltering.Served served = CollaborativeFiltering.served(recommendations);
                clock.rows("customers", served.customers());
                Map<String, Object> effectiveConfig = frame.effectiveConfig(Map.of("recommend", settings.describe()));
                clock.time("write-artifacts", () -> {
                    CollaborativeFiltering.save(model, pairs, artifactsStaging, MODEL_FOLDER, USER_INDEX_FOLDER, ITEM_INDEX_FOLDER);
                    Map<String, Object> provenance = frame.provenance(effectiveConfig);
                    provenance.put("job", "recommend");
                    artifacts.writeJson(artifactsStaging, RunArtifacts.PROVENANCE, provenance);
                });
                double popular = holdout.popularity().precisionAtK();
                RecommendReport report = new RecommendReport(frame.fitscoreVersion(), "recommend", run.runDate().toString(), startedAt,
                        Instant.now().toString(), run.output().toString(), run.runArtifacts().toString(), logs.inputs(), pairs.counts(),
                        holdout, popular > 0 ? holdout.als().precisionAtK() / popular : Double.NaN, served,
                        (double) served.itemsRecommended() / pairs.counts().items(), clock.seconds(), frame.spark().work(), effectiveConfig);
                artifacts.writeText(artifactsStaging, RunArtifacts.REPORT, page(report), "text/html; charset=utf-8");
                artifacts.writeJson(artifactsStaging, RunArtifacts.METRICS, report);
                return report;
            } finally {
                recommendations.unpersist();
            }
        } finally {
            pairs.pairs().unpersist();
        }
    }

    /** report.html: ALS against the popularity baseline on the holdout, coverage, the rows dropped by rule, seconds. */
    private static String page(RecommendReport r) {
        CollaborativeFiltering.Evaluation h = r.holdout();
        HtmlReport page = new HtmlReport("fitscore recommend " + r.runDate())
                .figure("precision@k ALS", number(h.als().precisionAtK())).figure("precision@k popularity", number(h.popularity().precisionAtK()))
                .figure("ALS / popularity", String.format(Locale.ROOT, "x%.2f", r.precisionLiftOverPopularity()))
                .figure("customers served", Long.toString(r.served().customers()))
                .figure("item coverage", String.format(Locale.ROOT, "%.1f%%", 100 * r.itemCoverage()));
        if (h.rmse() != null) {
            page.figure("holdout RMSE", number(h.rmse()));
        }
        List<String> metrics = List.of("precision@k", "recall@k", "MAP@k", "NDCG@k");
        Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("ALS", new double[] {h.als().precisionAtK(), h.als().recallAtK(), h.als().mapAtK(), h.als().ndcgAtK()});
        series.put("popularity", new double[] {h.popularity().precisionAtK(), h.popularity().recallAtK(), h.popularity().mapAtK(),
            h.popularity().ndcgAtK()});
        page.chart(new HtmlReport.Bars("Holdout ranking metrics: ALS vs the most bought items (" + h.customersEvaluated() + " customers)",
                "score", metrics, series));
        page.chart(new HtmlReport.Bars("Seconds per stage", "seconds", List.copyOf(r.seconds().keySet()),
                Map.of("seconds", r.seconds().values().stream().mapToDouble(Double::doubleValue).toArray())));
        CollaborativeFiltering.PairCounts p = r.pairs();
        page.table("Rows and pairs", List.of("what", "count"), List.of(List.of("rows read (after exact duplicates)", Long.toString(p.rows())),
                List.of("dropped: no customer or item id", Long.toString(p.droppedMissingId())),
                List.of("dropped: no numeric quantity or rating", Long.toString(p.droppedMissingRating())),
                List.of("pairs dropped: quantities netting to zero or less", Long.toString(p.pairsNotPositive())),
                List.of("customer-item pairs", Long.toString(p.pairs())), List.of("customers", Long.toString(p.users())),
                List.of("items", Long.toString(p.items())), List.of("holdout pairs", Long.toString(h.holdoutPairs())),
                List.of("holdout pairs dropped as cold", Long.toString(h.coldStartDropped()))));
        page.json("Effective configuration", r.config());
        return page.render();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
