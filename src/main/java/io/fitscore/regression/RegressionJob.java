package io.fitscore.regression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import io.fitscore.config.RunSettings;
import io.fitscore.drift.DataProfile;
import io.fitscore.drift.Drift;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.Problem;
import io.fitscore.lifecycle.Destination;
import io.fitscore.lifecycle.JobFrame;
import io.fitscore.lifecycle.JobLifecycle;
import io.fitscore.lifecycle.StageClock;
import io.fitscore.lifecycle.StagedJob;
import io.fitscore.ml.AutoSelection;
import io.fitscore.ml.Candidate;
import io.fitscore.ml.ChosenInTraining;
import io.fitscore.ml.CrossValidation;
import io.fitscore.ml.FeatureImportance;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.PortableBoosters;
import io.fitscore.ml.PortableOnnx;
import io.fitscore.ml.PredictionInterval;
import io.fitscore.ml.RowExplainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.ml.TrainerType;
import io.fitscore.report.RunArtifacts;
import io.fitscore.report.RunReport;
import io.fitscore.report.RunReportPage;
import io.fitscore.spark.CallerThreads;
import io.fitscore.spark.InputRows;
import io.fitscore.spark.ResultWriter;
import io.fitscore.storage.StorageUri;
import io.fitscore.supervised.RowCollector;
import io.fitscore.supervised.SparkScoring;

/**
 * {@code fitscore run}: inputs -> read-join -> collect (bounded) -> choose the model (auto) -> train and evaluate ->
 * score every joined row in Spark as the results are written -> artifacts. Each stage takes only what the
 * previous one produced; the lifecycle around it (validation, lease, staging, publishing) is {@link JobLifecycle}'s.
 */
public final class RegressionJob implements StagedJob<RunReport> {

    private static final Logger LOG = Logger.getLogger(RegressionJob.class);

    /** Features shown in the report's importance chart. */
    private static final int TOP_FEATURES = 20;

    private final RegressionConfig config;
    private final RunArtifacts artifacts;
    private final String trainerOverride;
    private final String startedAt = Instant.now().toString();
    private RegressionSettings settings;

    /** @param trainerOverride the command line's {@code --trainer}, or null */
    public RegressionJob(RegressionConfig config, RunArtifacts artifacts, String trainerOverride) {
        this.config = config;
        this.artifacts = artifacts;
        this.trainerOverride = trainerOverride;
    }

    @Override
    public String description() {
        return "the run";
    }

    @Override
    public String jobName() {
        return "run";
    }

    @Override
    public boolean targetRequired() {
        return true;
    }

    @Override
    public void configure(Optional<String> joinKey, List<Problem> problems) {
        settings = RegressionSettings.resolve(config, trainerOverride, problems).orElse(null);
    }

    /** Results first, then the run's artifacts folder, whose metrics.json marks a complete run. */
    @Override
    public List<Destination> destinations(RunSettings run) {
        return List.of(new Destination(run.output(), ResultWriter.SUCCESS_MARKER), new Destination(run.runArtifacts(), RunArtifacts.METRICS));
    }

    @Override
    public Optional<String> heapAdvice(String stage) {
        return switch (stage) {
            case "collect", "choose-model", "cross-validate", "train-evaluate" ->
                Optional.of("lower fitscore.train.max-rows (now " + config.train().maxRows() + ")");
            default -> Optional.empty();
        };
    }

    @Override
    public RunReport stages(JobFrame frame) {
        return train(frame, startedAt);
    }

    private RunReport train(JobFrame frame, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        // Results first, then the run's artifacts folder, whose metrics.json marks a complete run.
        StorageUri resultsStaging = frame.staging(run.output());
        StorageUri artifactsStaging = frame.staging(run.runArtifacts());
        RowCollector.Collected collected = readRows(frame, run.target());
        Table table = collected.table();
        // A wrong keep-in-output column stops the run before any training, not after it.
        List<String> carried = carriedColumns(settings.keepInOutput(), run.joinKey(), run.target(), table);
        FeatureSpec spec = settings.featureSpec(run.target(), run.joinKey());
        // Against the latest earlier run before any training: a run refused for drift costs little and publishes nothing.
        Optional<Drift> drift = clock.time("drift", () -> earlierProfile(run).map(before -> Drift.compare(before, table)));
        drift.ifPresent(d -> refuseDrift(d, settings.driftFailAbove()));
        String description = "fitscore inputs " + run.inputs();
        long seed = settings.seed();
        ModelTrainer.Split split = ModelTrainer.split(table, run.target(), settings.testFraction(), seed);
        TrainerSettings trainerConfig = settings.trainer();
        // auto compares candidates on the training split only: the holdout never influences the choice.
        AutoSelection.Selection selection = settings.trainerType() == TrainerType.AUTO
                ? clock.time("choose-model", () -> AutoSelection.choose(table, split.train(), spec,
                        Candidate.autoCandidates(trainerConfig), trainerConfig.autoFolds(), trainerConfig.autoRepeatBelowRows(), trainerConfig.autoMaxRows(),
                        trainerConfig.autoBudgetSeconds(), seed, description, frame::step, System::nanoTime))
                : null;
        Candidate chosen = selection != null ? selection.chosen() : Candidate.configured(settings.trainerType(), trainerConfig);
        FeatureSpec chosenSpec = chosen.featureSpec(spec);
        ModelTrainer.Outcome outcome = clock.time("train-evaluate", () -> ModelTrainer.trainAndEvaluate(table, split, chosenSpec,
                chosen.trainers(), seed, description));
        CrossValidation.Result cv = settings.cvFolds() >= 2
                ? clock.time("cross-validate", () -> CrossValidation.run(table, chosenSpec, chosen, settings.cvFolds(),
                        settings.cvRepeats(), seed, description, frame::step))
                : null;
        // The holdout measured the model; on a small table the model stored and scored learns from its rows too.
        ModelTrainer.Served served = ModelTrainer.refits(split, settings.refitBelowRows())
                ? clock.time("refit", () -> ModelTrainer.refit(table, split, chosenSpec, chosen.trainers(), seed, description))
                : ModelTrainer.Served.measured(outcome);
        Model<Regressor> model = served.fitted().model();
        FeaturePipeline pipeline = served.fitted().pipeline();
        clock.rows("trained", served.trainedOn().size());
        // The portable forms (UBJSON boosters, ONNX) are made on another thread while the explainer and Spark's scoring run:
        // on a small run a core is idle then, and a deep forest's export would otherwise add to the wall time.
        CompletableFuture<PortableForms> portable = CallerThreads.supply("fitscore-portable-model",
                () -> new PortableForms(PortableBoosters.of(model), PortableOnnx.of(model, pipeline, frame.fitscoreVersion())));
        PredictionInterval calibrated = settings.intervalCoverage() <= 0 ? null
                // auto's comparison already holds the chosen candidate's out-of-fold residuals: nothing is fitted again for them.
                : selection != null && selection.chosenResiduals().length > 0
                        ? PredictionInterval.of(selection.chosenResiduals(), settings.intervalCoverage(), selection.folds())
                        : clock.time("calibrate-interval", () -> PredictionInterval.calibrate(table, split.train(), spec, chosen,
                                settings.intervalCoverage(), seed, description));
        // Too few rows for the coverage asked (fewer than 9 residuals for 90%): no interval rather than an infinite one.
        PredictionInterval interval = calibrated != null && Double.isFinite(calibrated.halfWidth()) ? calibrated : null;
        ModelTrainer.Holdout holdout = outcome.holdout();
        // The explainer's own making (reading the trees, TreeSHAP's tables) counts in the stage, not only the holdout's rows.
        Explaining explaining = clock.time("explain-holdout", () -> {
            // Linear contributions are measured from the training rows' means: kept in features.json for fitscore score.
            Map<String, Double> featureMeans = RowExplainer.needsMeans(model)
                    ? RowExplainer.featureMeans(model, pipeline, table.columns(), served.trainedOn()) : null;
            RowExplainer made = RowExplainer.of(model, pipeline, table.columns(), featureMeans);
            String why = explanationsLeftOut(made, collected.joined().rowCount());
            return new Explaining(featureMeans, made, why, explainHoldout(made, split.test(), why));
        });
        Map<String, Double> means = explaining.means();
        RowExplainer explainer = explaining.explainer();
        String leftOut = explaining.leftOut();
        RunReport.Explanations explanations = explaining.explanations();
        // Every joined row, not only the collected sample, is scored inside Spark as the results are written.
        Dataset<Row> joinedRows = collected.joined().rows();
        // Rows are scored projected to the columns scoring reads; the split is told by those columns' values.
        List<String> needed = SparkScoring.neededColumns(joinedRows, pipeline, carried, run.target());
        clock.time("score-write-results", () -> ResultWriter.write(SparkScoring.score(SparkScoring.project(joinedRows, needed),
                collected.joined().rowCount(), model, pipeline, outcome.split(table, needed), carried, run.target(), interval,
                leftOut == null ? new SparkScoring.Explain(settings.explainTop(), explainer) : null), resultsStaging));
        long scored = collected.joined().rowCount();
        clock.rows("scored", scored);

        StorageUri folder = run.runArtifacts();
        Double holdoutRmse = outcome.evaluation() == null ? null : outcome.evaluation().rmse();
        Map<String, Object> effectiveConfig = frame.effectiveConfig(settings.describe());
        List<String> portableFiles = clock.time("write-artifacts", () -> {
            artifacts.writeModel(artifactsStaging, model);
            PortableForms forms = CallerThreads.join(portable);
            List<String> written = new ArrayList<>(artifacts.writeOnnx(artifactsStaging, forms.onnx()));
            written.addAll(artifacts.writeBoosters(artifactsStaging, forms.boosters()));
            artifacts.writeFeatures(artifactsStaging, new RunArtifacts.FeaturesFile(1, run.target(), run.joinKey().orElse(null),
                    carried, pipeline, interval, means));
            artifacts.writeProvenance(artifactsStaging, model, frame.provenance(effectiveConfig));
            artifacts.writeJson(artifactsStaging, DataProfile.FILE, DataProfile.of(run.runDate().toString(), table, pipeline, run.target(),
                    holdoutRmse));
            return written;
        });
        RunReport.Rows rows = new RunReport.Rows(collected.joined().inputs(), collected.joined().rowCount(), table.size(), collected.sampled(),
                outcome.trainRows(), outcome.testRows(), served.trainedOn().size(), outcome.unlabelledRows(), scored);
        RunReport report = new RunReport(frame.fitscoreVersion(), run.runDate().toString(), startedAt, Instant.now().toString(),
                run.output().toString(), folder.toString(), folder.resolve(RunArtifacts.MODEL).toString(), rows,
                outcome.evaluation(), outcome.baseline(), cv,
                interval == null ? null : RunReport.Interval.of(interval, interval.measure(holdout.actual(), holdout.predicted())),
                drift.map(d -> d.withHoldoutRmse(holdoutRmse)).orElse(null), explanations,
                new RunReport.Model(chosen.name(), chosen.type(), chosen.settings(), ChosenInTraining.of(model), model.getClass().getName(),
                        model.getFeatureIDMap().size(), portableFiles),
                selection, clock.seconds(), frame.spark().work(), effectiveConfig);
        clock.time("write-report", () -> {
            artifacts.writeText(artifactsStaging, RunArtifacts.REPORT, RunReportPage.render(report, holdout.actual(), holdout.predicted(),
                    () -> FeatureImportance.of(model, TOP_FEATURES, () -> ModelTrainer.featureDeviations(pipeline, table, served.trainedOn()))),
                    "text/html; charset=utf-8");
        });
        artifacts.writeMetrics(artifactsStaging, report);
        return report;
    }

    /** The model's XGBoost boosters as UBJSON and the whole model as ONNX (null when it has no ONNX form). */
    private record PortableForms(List<byte[]> boosters, byte[] onnx) {
    }

    /** The run's explainer, the training means it measures from, why the results carry none (null: they do), the holdout's table. */
    private record Explaining(Map<String, Double> means, RowExplainer explainer, String leftOut, RunReport.Explanations explanations) {
    }

    /** Why the results carry no explanations, or null when they do. */
    private String explanationsLeftOut(RowExplainer explainer, long rows) {
        if (explainer == null) {
            return "this model is not explained (Tribuo's own trees keep no cover counts to weigh a path by)";
        }
        if (settings.explainTop() == 0) {
            return "fitscore.explain.top is 0";
        }
        double estimated = explainer.estimatedSeconds(rows);
        return estimated > settings.explainBudgetSeconds()
                ? String.format(Locale.ROOT, "estimated %.0f core-seconds for %d rows, above fitscore.explain.budget-seconds (%s)", estimated, rows,
                        settings.explainBudgetSeconds())
                : null;
    }

    /** Fewer holdout rows than this (or than the holdout has) make too rough a table of mean contributions to show. */
    private static final int LEAST_HOLDOUT_EXPLAINED = 200;

    /**
     * Each input column's mean absolute contribution over the holdout (at most as many of its rows as a tenth of the
     * explanation budget allows): the report's importance table, in the target's units. When that budget does not reach
     * {@link #LEAST_HOLDOUT_EXPLAINED} rows the report keeps the model's own importance, at no cost.
     */
    private RunReport.Explanations explainHoldout(RowExplainer explainer, List<List<Object>> holdoutRows, String leftOut) {
        long affordable = explainer == null ? 0 : explainer.affordableRows(settings.explainBudgetSeconds() / 10);
        if (explainer == null || affordable < Math.min(holdoutRows.size(), LEAST_HOLDOUT_EXPLAINED)) {
            return new RunReport.Explanations(explainer == null ? "none" : explainer.method(), settings.explainTop(), false, leftOut, 0,
                    List.of());
        }
        List<List<Object>> rows = holdoutRows.subList(0, (int) Math.min(holdoutRows.size(), affordable));
        RowExplainer.ColumnContributions mean = explainer.meanAbsolute(rows);
        List<RunReport.Explanations.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < mean.columns().size(); i++) {
            columns.add(new RunReport.Explanations.Column(mean.columns().get(i), mean.meanAbsolute()[i]));
        }
        return new RunReport.Explanations(explainer.method(), settings.explainTop(), leftOut == null, leftOut, rows.size(), columns);
    }

    /** read-join then collect: at most fitscore.train.max-rows of the joined rows on the driver, to train on. */
    private RowCollector.Collected readRows(JobFrame frame, String target) {
        InputRows joined = frame.readJoin(target, true);
        RowCollector.Collected collected = frame.clock().time("collect", () -> RowCollector.collect(joined, settings.maxRows(), settings.seed()));
        frame.clock().rows("collected", collected.table().size());
        return collected;
    }

    /**
     * The latest earlier run's profile. Drift is a report unless fitscore.drift.fail-above guards the run: then an artifacts
     * prefix that cannot be read stops the run (it could not be checked); otherwise the run goes on without a comparison,
     * and a storage fault that matters stops it where it writes.
     */
    private Optional<DataProfile> earlierProfile(RunSettings run) {
        try {
            return artifacts.latestProfileBefore(run.artifacts(), run.runDate().toString());
        } catch (FitscoreException e) {
            if (settings.driftFailAbove().isPresent()) {
                throw e;
            }
            LOG.warnf("drift is not measured: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** Exit 11 when a column drifted past the configured index: the run stops before anything is written. */
    static void refuseDrift(Drift drift, Optional<Double> failAbove) {
        drift.worst().filter(worst -> failAbove.isPresent() && worst.psi() > failAbove.get()).ifPresent(worst -> {
            throw new FitscoreException(ExitCode.DRIFT, String.format(java.util.Locale.ROOT,
                    "column '%s': population stability index %.3f against the run of %s, above fitscore.drift.fail-above=%s%s",
                    worst.column(), worst.psi(), drift.against(), failAbove.get(),
                    worst.newLevels().isEmpty() ? "" : " (new levels: " + String.join(", ", worst.newLevels()) + ")"));
        });
    }

    /** The key and any configured columns copied into the results. */
    static List<String> carriedColumns(List<String> keepInOutput, Optional<String> key, String target, Table table) {
        List<String> carried = new ArrayList<>();
        key.ifPresent(carried::add);
        for (String column : keepInOutput) {
            if (!table.has(column)) {
                throw new FitscoreException(ExitCode.CONFIG, "fitscore.features.keep-in-output: column '" + column + "' is not in the inputs");
            }
            if (!carried.contains(column) && !column.equals(target)) {
                carried.add(column);
            }
        }
        return carried;
    }
}
