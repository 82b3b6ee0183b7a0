package io.fitscore.regression;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.embedded.EmbeddedS3Config;
import io.fitscore.config.RunSettings;
import io.fitscore.lifecycle.Failures;
import io.fitscore.lifecycle.InputOptions;
import io.fitscore.lifecycle.JobLifecycle;
import io.fitscore.report.RunArtifacts;
import io.fitscore.ml.TrainerType;
import io.fitscore.failure.ExitCode;
import io.fitscore.ml.RegressionScores;
import io.fitscore.report.RunReport;
import io.fitscore.storage.StorageUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fitscore run}: read, join, train, evaluate, score and write, once. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Reads the CSV inputs, trains and evaluates a regression model, writes scores and artifacts.",
        footer = ExitCode.HELP)
public class RunCommand implements Callable<Integer> {

    // Initialised: 'fitscore' without a subcommand calls an injected RunCommand picocli never filled.
    @Mixin
    InputOptions io = new InputOptions();

    @Option(names = "--target", description = "Column to predict (overrides FITSCORE_TARGET).")
    String target;

    @Option(names = "--artifacts", description = "Prefix for metrics.json and the model (overrides FITSCORE_ARTIFACTS).")
    String artifacts;

    @Option(names = "--trainer", description = TrainerType.HELP + " (overrides fitscore.trainer.type).")
    String trainer;

    @Option(names = "--run-date", description = "The run's date, yyyy-MM-dd; names its artifacts folder (overrides FITSCORE_RUN_DATE, default today UTC).")
    String runDate;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    RegressionConfig regression;

    @Inject
    RunArtifacts runArtifacts;

    @Inject
    EmbeddedS3Config embedded;

    @Override
    public Integer call() {
        return execute(System.out, System.err);
    }

    int execute(PrintStream out, PrintStream err) {
        try {
            RunReport report = lifecycle.execute(new RunSettings.Overrides(io.inputs, io.joinKey, target, io.output, artifacts, runDate),
                    new RegressionJob(regression, runArtifacts, trainer));
            out.println(summary(report, embedded.enabled() ? embedded.dataDir() : Optional.empty()));
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, err);
        }
    }

    /** @param embeddedDir where the embedded S3 server (dev mode) keeps its objects as files, if it does */
    static String summary(RunReport r, Optional<String> embeddedDir) {
        // One block a person reads at the end of a log; metrics.json has everything.
        StringBuilder s = new StringBuilder();
        s.append("fitscore run complete\n");
        s.append(String.format(Locale.ROOT, "  rows      joined %d, used %d%s (train %d, test %d, unlabelled %d)%n", r.rows().joined(),
                r.rows().collected(), r.rows().sampled() ? " (sampled)" : "", r.rows().train(), r.rows().test(), r.rows().unlabelled()));
        s.append("  model     ").append(r.trainer().name()).append(", ").append(r.trainer().features()).append(" features")
                .append(r.rows().trained() > r.rows().train() ? ", stored as trained again on all " + r.rows().trained()
                        + " labelled rows once the holdout had measured it\n" : "\n");
        if (r.modelSelection() != null) {
            s.append("  auto      ");
            for (var c : r.modelSelection().candidates()) {
                s.append(c.status().equals("complete") ? String.format(Locale.ROOT, "%s R2 %.3f; ", c.name(), c.r2Mean())
                        : c.name() + " " + c.status() + "; ");
            }
            var m = r.modelSelection();
            s.append(m.repeats() > 1 ? String.format(Locale.ROOT, "(%dx%d-fold CV on %d training rows)%n", m.repeats(), m.folds(), m.rows())
                    : String.format(Locale.ROOT, "(%d-fold CV on %d training rows)%n", m.folds(), m.rows()));
            if (!m.winner().equals(m.bestMean())) {
                s.append("  chose     ").append(m.winner()).append(": ").append(m.rule()).append('\n');
            }
        }
        s.append("  holdout   ").append(scores(r.evaluation())).append('\n');
        s.append("  baseline  ").append(scores(r.baseline())).append("  (mean of the training target)\n");
        if (r.interval() != null) {
            var i = r.interval();
            s.append(String.format(Locale.ROOT, "  interval  prediction +/- %.3f for %.0f%% of rows: held %.1f%% of the %d holdout rows%n",
                    i.halfWidth(), 100 * i.coverage(), 100 * i.holdoutCoverage(), i.holdoutRows()));
        }
        if (r.explanations() != null) {
            s.append("  explain   ").append(explainLine(r.explanations())).append('\n');
        }
        if (r.drift() != null) {
            s.append("  drift     ").append(driftLine(r.drift())).append('\n');
        }
        if (r.cv() != null) {
            s.append(String.format(Locale.ROOT, "  %dx%d-fold CV R2 %.3f (sd %.3f)  RMSE %.3f (sd %.3f)  MAE %.3f (means over folds)%n",
                    r.cv().repeats(), r.cv().folds(), r.cv().r2Mean(), r.cv().r2Sd(), r.cv().rmseMean(), r.cv().rmseSd(), r.cv().maeMean()));
        }
        s.append("  results   ").append(r.output()).append('\n');
        List<String> models = new ArrayList<>(List.of("model.tribuo"));
        models.addAll(r.trainer().portableFiles());
        s.append("  artifacts ").append(r.artifacts()).append(" (report.html first; ").append(String.join(", ", models))
                .append(", features.json, provenance.json, profile.json, metrics.json)\n");
        embeddedDir.filter(d -> !d.isBlank()).ifPresent(dir -> s.append("  locally   ").append(localFile(dir, r.artifacts() + "report.html"))
                .append(" and ").append(localFile(dir, r.output())).append(" (the embedded S3 server's files)\n"));
        double total = r.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
        s.append(String.format(Locale.ROOT, "  seconds   %.1f in all stages, publish included (report.html: those before it): %s", total, r.seconds()));
        return s.toString();
    }

    /** What the results' explanations hold, or why there are none, and the three columns the holdout leans on most. */
    static String explainLine(io.fitscore.report.RunReport.Explanations e) {
        StringBuilder s = new StringBuilder(e.inResults() ? "top " + e.top() + " columns per row in the results"
                : "none in the results: " + e.leftOut());
        if (!e.columns().isEmpty()) {
            s.append("; mean |contribution| on ").append(e.holdoutRows()).append(" holdout rows: ");
            s.append(e.columns().stream().limit(3).map(c -> String.format(Locale.ROOT, "%s %.3g", c.column(), c.meanAbsContribution()))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        return s.toString();
    }

    /** The worst column's population stability index against the earlier run, the target's, and both holdouts' RMSE. */
    static String driftLine(io.fitscore.drift.Drift d) {
        StringBuilder s = new StringBuilder("against the run of ").append(d.against()).append(": ");
        d.worst().ifPresentOrElse(w -> s.append(String.format(Locale.ROOT, "most drifted %s, PSI %.3f%s", w.column(), w.psi(),
                w.newLevels().isEmpty() ? "" : " (new levels: " + String.join(", ", w.newLevels()) + ")")), () -> s.append("no column in common"));
        s.append(String.format(Locale.ROOT, "; target PSI %.3f", d.targetPsi()));
        if (d.holdoutRmseBefore() != null && d.holdoutRmseNow() != null) {
            s.append(String.format(Locale.ROOT, "; holdout RMSE %.3f then, %.3f now", d.holdoutRmseBefore(), d.holdoutRmseNow()));
        }
        return s.toString();
    }

    /** An s3:// location as the file the embedded server keeps it in: its folder, then bucket and key. */
    static String localFile(String dataDir, String uri) {
        StorageUri location = StorageUri.parse("location", uri);
        return Path.of(dataDir).toAbsolutePath().resolve(location.bucket()).resolve(location.key()).normalize().toString();
    }

    private static String scores(RegressionScores s) {
        return s == null ? "n/a" : String.format(Locale.ROOT, "RMSE %.3f  MAE %.3f  R2 %.3f  (%d rows)", s.rmse(), s.mae(), s.r2(), s.rows());
    }
}
