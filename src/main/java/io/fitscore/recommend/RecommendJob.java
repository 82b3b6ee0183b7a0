package io.fitscore.recommend;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.config.RunSettings;
import io.fitscore.failure.Problem;
import io.fitscore.lifecycle.Destination;
import io.fitscore.lifecycle.JobFrame;
import io.fitscore.report.HtmlReport;
import io.fitscore.report.JobReport;
import io.fitscore.report.RunArtifacts;
import io.fitscore.lifecycle.StageClock;
import io.fitscore.lifecycle.StagedJob;
import io.fitscore.spark.InputStats;
import io.fitscore.spark.InputRows;
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
            String output, String artifacts, List<InputStats> inputs, CollaborativeFiltering.PairCounts pairs, Tuning tuning,
            String method, CollaborativeFiltering.Evaluation holdout, double precisionLiftOverPopularity, String verdict,
            CollaborativeFiltering.Served served, double itemCoverage, Map<String, Double> seconds, Object spark, Map<String, Object> config)
            implements JobReport {

        /** The method served (ALS with its rank, or co-occurrence), the rows, its precision@k on the holdout and its lift over the best sellers. */
        @Override
        public Headline headline() {
            boolean als = !"cooccurrence".equals(method);
            CollaborativeFiltering.Ranking served = als ? holdout.als() : holdout.cooccurrence();
            double popular = holdout.popularity().precisionAtK();
            return new Headline(als ? "ALS rank " + tuning.chosen().get("rank") : "co-occurrence", pairs.rows(),
                    List.of(new Headline.Figure("precision@k", served.precisionAtK()),
                            new Headline.Figure("x popularity", popular > 0 ? served.precisionAtK() / popular : Double.NaN)));
        }
    }

    /** How ALS's settings were chosen: the settings, whether searched, every candidate's validation scores. */
    public record Tuning(Map<String, Object> chosen, boolean searched, long fitPairs, long validationPairs, long customers,
            double budgetSeconds, List<Map<String, Object>> candidates) {

        static Tuning of(AlsTuning.Result r) {
            List<Map<String, Object>> candidates = new java.util.ArrayList<>();
            for (AlsTuning.Candidate c : r.candidates()) {
                Map<String, Object> m = new java.util.LinkedHashMap<>(c.settings().describe());
                m.put("status", c.status());
                m.put("ndcg_at_k", c.ndcgAtK());
                m.put("precision_at_k", c.precisionAtK());
                m.put("rmse", c.rmse());
                m.put("seconds", c.seconds());
                candidates.add(m);
            }
            return new Tuning(r.chosen().describe(), r.searched(), r.fitPairs(), r.validationPairs(), r.customers(), r.budgetSeconds(),
                    candidates);
        }
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
        SparkSession spark = frame.spark().spark();
        InputRows logs = frame.readUnion();
        CollaborativeFiltering.Pairs pairs = clock.time("pairs", () -> CollaborativeFiltering.pairs(logs.rows(), settings));
        try {
            clock.rows("pairs", pairs.counts().pairs());
            logs.rows().unpersist();
            frame.checkInterrupted();
            CollaborativeFiltering.Split split = CollaborativeFiltering.split(pairs.pairs(), settings);
            AlsTuning.Result tuning;
            CollaborativeFiltering.Evaluation holdout;
            try {
                tuning = clock.time("tune", () -> AlsTuning.tune(spark, split.training(), settings, () -> System.nanoTime() / 1e9));
                frame.checkInterrupted();
                holdout = clock.time("evaluate", () -> CollaborativeFiltering.evaluate(spark, split, tuning.chosen(), settings));
            } finally {
                split.training().unpersist();
            }
            frame.checkInterrupted();
            boolean als = settings.method() == RecommendSettings.Method.ALS;
            TopItems.ItemSpace space = CollaborativeFiltering.items(pairs.pairs());
            ALSModel model = als ? clock.time("fit", () -> CollaborativeFiltering.fit(pairs.pairs(), tuning.chosen(), settings)) : null;
            TopItems.Recommender recommender = als ? CollaborativeFiltering.recommender(model, space)
                    : clock.time("fit", () -> CoOccurrence.neighbours(spark, pairs.pairs(), space));
            Dataset<Row> neighbours = als ? null : CoOccurrence.table(spark, (TopItems.Neighbours) recommender, space);
            frame.checkInterrupted();
            Dataset<Row> customers = TopItems.customers(pairs.pairs(), null, als ? model.userFactors() : null);
            Dataset<Row> recommendations = TopItems.recommend(spark, customers, space, recommender, pairs.labels(), settings.top(),
                    settings.excludeSeen()).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                clock.time("write-recommendations", () -> ResultWriter.write(recommendations, resultsStaging));
                CollaborativeFiltering.Served served = CollaborativeFiltering.served(recommendations);
                clock.rows("customers", served.customers());
                Map<String, Object> effectiveConfig = frame.effectiveConfig(Map.of("recommend", settings.describe()));
                clock.time("write-artifacts", () -> {
                    CollaborativeFiltering.save(model, neighbours, pairs, artifactsStaging, MODEL_FOLDER, USER_INDEX_FOLDER, ITEM_INDEX_FOLDER);
                    Map<String, Object> provenance = frame.provenance(effectiveConfig);
                    provenance.put("job", "recommend");
                    provenance.put("als_settings", tuning.chosen().describe());
                    artifacts.writeJson(artifactsStaging, RunArtifacts.PROVENANCE, provenance);
                });
                double popular = holdout.popularity().precisionAtK();
                RecommendReport report = new RecommendReport(frame.fitscoreVersion(), "recommend", run.runDate().toString(), startedAt,
                        Instant.now().toString(), run.output().toString(), run.runArtifacts().toString(), logs.inputs(), pairs.counts(),
                        Tuning.of(tuning), settings.method().name().toLowerCase(Locale.ROOT), holdout,
                        popular > 0 ? holdout.als().precisionAtK() / popular : Double.NaN, verdict(holdout, settings), served,
                        (double) served.itemsRecommended() / pairs.counts().items(), clock.seconds(), frame.spark().work(), effectiveConfig);
                artifacts.writeText(artifactsStaging, RunArtifacts.REPORT, page(report), "text/html; charset=utf-8");
                artifacts.writeMetrics(artifactsStaging, report);
                return report;
            } finally {
                recommendations.unpersist();
            }
        } finally {
            pairs.pairs().unpersist();
        }
    }

    /** One sentence on the holdout: which recommender ranked best, and what to do when it is not the one used. */
    static String verdict(CollaborativeFiltering.Evaluation h, RecommendSettings settings) {
        double als = h.als().ndcgAtK();
        double co = h.cooccurrence().ndcgAtK();
        double pop = h.popularity().ndcgAtK();
        String figures = String.format(Locale.ROOT, "NDCG@%d ALS %.4f, co-occurrence %.4f, popularity %.4f", settings.top(), als, co, pop);
        if (als >= co && als >= pop) {
            return "ALS ranked best on the holdout (" + figures + ")";
        }
        if (co > als && co >= pop) {
            return "co-occurrence ranked best on the holdout (" + figures + ")"
                    + (settings.method() == RecommendSettings.Method.COOCCURRENCE ? "" : ": consider fitscore.recommend.method=cooccurrence");
        }
        return "the best sellers ranked best on the holdout (" + figures + "): the logs may hold too little per customer";
    }

    /** report.html: ALS against both baselines on the holdout, the tuning, coverage, the rows dropped by rule, seconds. */
    private static String page(RecommendReport r) {
        CollaborativeFiltering.Evaluation h = r.holdout();
        HtmlReport page = new HtmlReport("fitscore recommend " + r.runDate())
                .figure("precision@k ALS", number(h.als().precisionAtK())).figure("precision@k popularity", number(h.popularity().precisionAtK()))
                .figure("precision@k co-occurrence", number(h.cooccurrence().precisionAtK()))
                .figure("ALS / popularity", String.format(Locale.ROOT, "x%.2f", r.precisionLiftOverPopularity()))
                .figure("recommender", r.method())
                .figure("customers served", Long.toString(r.served().customers()))
                .figure("item coverage", String.format(Locale.ROOT, "%.1f%%", 100 * r.itemCoverage()));
        if (h.rmse() != null) {
            page.figure("holdout RMSE", number(h.rmse()));
        }
        page.figure("verdict", r.verdict());
        List<String> metrics = List.of("precision@k", "recall@k", "MAP@k", "NDCG@k");
        Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("ALS", ranking(h.als()));
        series.put("co-occurrence", ranking(h.cooccurrence()));
        series.put("popularity", ranking(h.popularity()));
        page.chart(new HtmlReport.Bars("Holdout ranking metrics: ALS vs co-occurrence vs the most bought items (" + h.customersEvaluated()
                + " customers)", "score", metrics, series));
        Tuning t = r.tuning();
        List<List<String>> tuned = new java.util.ArrayList<>();
        for (Map<String, Object> c : t.candidates()) {
            tuned.add(List.of(String.valueOf(c.get("rank")), String.valueOf(c.get("regularization")), String.valueOf(c.get("alpha")),
                    String.valueOf(c.get("confidence")), c.get("ndcg_at_k") == null ? "" : number((Double) c.get("ndcg_at_k")),
                    c.get("precision_at_k") == null ? "" : number((Double) c.get("precision_at_k")), String.valueOf(c.get("status")),
                    String.format(Locale.ROOT, "%.1f", (Double) c.get("seconds"))));
        }
        page.table("ALS settings " + (t.searched() ? "tuned on " + t.validationPairs() + " validation pairs of the training pairs (chosen: "
                + t.chosen() + ")" : "as configured: " + t.chosen()), List.of("rank", "regularization", "alpha", "confidence", "NDCG@k",
                "precision@k", "status", "seconds"), tuned);
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

    private static double[] ranking(CollaborativeFiltering.Ranking k) {
        return new double[] {k.precisionAtK(), k.recallAtK(), k.mapAtK(), k.ndcgAtK()};
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
