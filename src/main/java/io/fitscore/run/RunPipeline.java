package io.fitscore.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;


import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.config.TrainerType;
import io.fitscore.ml.AutoSelection;
import io.fitscore.ml.Candidate;
import io.fitscore.ml.CrossValidation;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.publish.Publisher;
import io.fitscore.report.RunArtifacts;
import io.fitscore.report.RunReportPage;
import io.fitscore.ml.FeatureImportance;
import io.fitscore.report.RunReport;
import io.fitscore.spark.ResultWriter;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkScoring;

/**
 * One training run, stage by stage: config -> credentials -> inputs -> rows -> model -> scores ->
 * outputs -> artifacts. Each stage takes only what the previous one produced.
 */
@ApplicationScoped
public class RunPipeline {

    /** Features shown in the report's importance chart. */
    private static final int TOP_FEATURES = 20;

    @Inject
    FitscoreConfig config;

    @Inject
    RunArtifacts artifacts;

    @Inject
    Publisher publisher;

    @Inject
    StagedRunner runner;

    public RunReport execute(RunSettings.Overrides overrides) {
        String startedAt = Instant.now().toString();
        return runner.execute(overrides, new StagedJob<>() {
            @Override
            public String description() {
                return "the run";
            }

            @Override
            public boolean targetRequired() {
                return true;
            }

            @Override
            public List<StorageUri> writableFolders(RunSettings run) {
                return List.of(run.output(), run.runArtifacts());
            }

            @Override
            public RunReport stages(StagedRunner.Frame frame) {
                return train(frame, startedAt);
            }
        });
    }

    private RunReport train(StagedRunner.Frame frame, String startedAt) {
        RunSettings run = frame.run();
        StageClock clock = frame.clock();
        // Results first, then the run's artifacts folder, whose metrics.json marks a complete run.
        StorageUri resultsStaging = frame.stage(run.output(), ResultWriter.SUCCESS_MARKER);
        StorageUri artifactsStaging = frame.stage(run.runArtifacts(), RunArtifacts.METRICS);
        RowCollector.Collected collected = frame.readRows(run.target());
        Table table = collected.table();
        // A wrong keep-in-output column stops the run before any training, not after it.
        List<String> carried = carriedColumns(config, run.joinKey(), run.target(), table);
        FeatureSpec spec = featureSpec(config, run.target(), run.joinKey());
        String description = "fitscore inputs " + run.inputs();
        long seed = config.evaluation().seed();
        ModelTrainer.Split split = ModelTrainer.split(table, run.target(), config.evaluation().testFraction(), seed);
        FitscoreConfig.Trainer trainerConfig = config.trainer();
        // auto compares candidates on the training split only: the holdout never influences the choice.
        AutoSelection.Selection selection = run.trainerType() == TrainerType.AUTO
                ? clock.time("choose-model", () -> AutoSelection.choose(table, split.train(), spec,
                        Candidate.autoCandidates(trainerConfig), trainerConfig.autoFolds(), trainerConfig.autoMaxRows(),
                        trainerConfig.autoBudgetSeconds(), seed, description, frame::trainingStep, System::nanoTime))
                : null;
        Candidate chosen = selection != null ? selection.chosen() : Candidate.configured(run.trainerType().configName(), trainerConfig);
        FeatureSpec chosenSpec = spec.withStandardisedTarget(chosen.standardiseTarget());
        ModelTrainer.Outcome outcome = clock.time("train-evaluate", () -> ModelTrainer.trainAndEvaluate(table, split, chosenSpec,
                chosen.trainers(), seed, description));
        CrossValidation.Result cv = config.cv().folds() >= 2
                ? clock.time("cross-validate", () -> CrossValidation.run(table, chosenSpec, chosen, config.cv().folds(),
                        config.cv().repeats(), seed, description, frame::trainingStep))
                : null;
        clock.rows("trained", outcome.trainRows());
        // Every joined row, not only the collected sample, is scored inside Spark as the results are written.
        Dataset<Row> joinedRows = collected.joined().rows();
        // Rows are scored projected to the columns scoring reads; the split is told by those columns' values.
        List<String> needed = SparkScoring.neededColumns(joinedRows, outcome.pipeline(), carried, run.target());
        clock.time("score-write-results", () -> ResultWriter.write(SparkScoring.score(SparkScoring.project(joinedRows, needed),
                collected.joined().rowCount(), outcome.model(), outcome.pipeline(), outcome.split(table, needed), carried, run.target()), resultsStaging));
        long scored = collected.joined().rowCount();
        clock.rows("scored", scored);

        StorageUri folder = run.runArtifacts();
        Map<String, Object> effectiveConfig = frame.effectiveConfig();
        clock.time("write-artifacts", () -> {
            artifacts.writeModel(artifactsStaging, outcome.model());
            artifacts.writeFeatures(artifactsStaging, new RunArtifacts.FeaturesFile(1, run.target(), run.joinKey().orElse(null),
                    carried, outcome.pipeline()));
            artifacts.writeProvenance(artifactsStaging, outcome.model(), frame.provenance(effectiveConfig));
        });
        RunReport.Rows rows = new RunReport.Rows(collected.joined().inputs(), collected.joined().rowCount(), table.size(), collected.sampled(),
                outcome.trainRows(), outcome.testRows(), outcome.unlabelledRows(), scored);
        RunReport report = new RunReport(frame.fitscoreVersion(), run.runDate().toString(), startedAt, Instant.now().toString(),
                run.output().toString(), folder.toString(), folder.resolve(RunArtifacts.MODEL).toString(), rows,
                outcome.evaluation(), outcome.baseline(), cv,
                new RunReport.Model(chosen.name(), chosen.type(), chosen.settings(), outcome.model().getClass().getName(),
                        outcome.featureCount()),
                selection, clock.seconds(), frame.spark().work(), effectiveConfig);
        clock.time("write-report", () -> {
            ModelTrainer.Holdout holdout = ModelTrainer.holdout(outcome, table, run.target());
            artifacts.writeText(artifactsStaging, RunArtifacts.REPORT, RunReportPage.render(report, holdout.actual(), holdout.predicted(),
                    FeatureImportance.of(outcome.model(), TOP_FEATURES)), "text/html; charset=utf-8");
        });
        artifacts.writeMetrics(artifactsStaging, report);
        return report;
    }

    /** The feature rules of the configuration, for a target and key. */
    static FeatureSpec featureSpec(FitscoreConfig config, String target, Optional<String> key) {
        FitscoreConfig.Features f = config.features();
        List<String> log = f.logTransform().orElse(List.of());
        Set<String> logColumns = new HashSet<>(log);
        boolean autoLog = logColumns.remove("auto");
        Set<String> targetEncoded = new HashSet<>(f.targetEncoded().orElse(List.of()));
        Set<String> excluded = new HashSet<>(f.exclude().orElse(List.of()));
        excluded.removeAll(targetEncoded);
        return new FeatureSpec(target, key, excluded, new HashSet<>(f.multiValued().orElse(List.of())),
                f.multiValueSeparator(), f.minLevelCount(), logColumns, autoLog, targetEncoded, f.targetSmoothing(), f.maxLevels(), false);
    }

    /** The key and any configured columns copied into the results. */
    static List<String> carriedColumns(FitscoreConfig config, Optional<String> key, String target, Table table) {
        List<String> carried = new ArrayList<>();
        key.ifPresent(carried::add);
        for (String column : config.features().keepInOutput().orElse(List.of())) {
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
