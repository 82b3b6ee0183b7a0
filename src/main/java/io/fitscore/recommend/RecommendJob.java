package io.fitscore.recommend;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.config.EffectiveConfig;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RecommendSettings;
import io.fitscore.config.RunSettings;
import io.fitscore.report.RunArtifacts;
import io.fitscore.run.StageClock;
import io.fitscore.run.StagedJob;
import io.fitscore.run.StagedRunner;
import io.fitscore.spark.CollaborativeFiltering;
import io.fitscore.spark.InputStats;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;

/**
 * {@code fitscore recommend} in the staged frame: order logs -> read (stacked) -> customer-item pairs ->
 * ALS measured on a seeded holdout against the popularity baseline -> ALS refitted on every pair -> the
 * top items per customer -> publish, with the model, metrics.json and provenance.json as artifacts.
 */
@ApplicationScoped
public class RecommendJob {

    public static final String MODEL_FOLDER = "model/";
    public static final String USER_INDEX_FOLDER = "user_index/";
    public static final String ITEM_INDEX_FOLDER = "item_index/";

    @Inject
    FitscoreConfig config;

    @Inject
    StagedRunner runner;

    @Inject
    RunArtifacts artifacts;

    /** What a recommend run did; written as metrics.json. */
    public record RecommendReport(String fitscoreVersion, String job, String runDate, String startedAt, String finishedAt,
            String output, String artifacts, List<InputStats> inputs, CollaborativeFiltering.PairCounts pairs,
            CollaborativeFiltering.Evaluation holdout, double precisionLiftOverPopularity, CollaborativeFiltering.Served served,
            double itemCoverage, Map<String, Double> seconds, Object spark, Map<String, Object> config) {
    }

    public RecommendReport execute(RunSettings.Overrides overrides) {
        String startedAt = Instant.now().toString();
        return runner.execute(overrides, new StagedJob<>() {
            private RecommendSettings settings;

            @Override
            public String description() {
                return "the recommend run";
            }

            @Override
            public boolean joinsInputs() {
                return false;
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
            public void configure(RunSettings run) {
                settings = RecommendSettings.resolve(config);
            }

            @Override
            public RecommendReport stages(StagedRunner.Frame frame) {
                return recommend(frame, settings, startedAt);
            }
        });
    }

    private RecommendReport recommend(StagedRunner.Frame frame, RecommendSettings settings, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        StorageUri resultsStaging = frame.stage(run.output(), ResultWriter.SUCCESS_MARKER);
        StorageUri artifactsStaging = frame.stage(run.runArtifacts(), RunArtifacts.METRICS);
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
                Map<String, Object> effectiveConfig = frame.effectiveConfig();
                effectiveConfig.put("recommend", EffectiveConfig.describe(settings));
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
                artifacts.writeJson(artifactsStaging, RunArtifacts.METRICS, report);
                return report;
            } finally {
                recommendations.unpersist();
            }
        } finally {
            pairs.pairs().unpersist();
        }
    }
}
