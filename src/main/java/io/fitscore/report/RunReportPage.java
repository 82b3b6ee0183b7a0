package io.fitscore.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.fitscore.ml.AutoSelection;
import io.fitscore.ml.FeatureImportance;
import io.fitscore.spark.InputStats;

/** The report.html of {@code fitscore run}: the numbers of metrics.json, and the charts that explain them. */
public final class RunReportPage {

    private static final int RESIDUAL_BINS = 20;

    private RunReportPage() {
    }

    /** The page for a run, from its metrics, the holdout's actual and predicted targets, and the model's top features. */
    public static String render(RunReport r, double[] actual, double[] predicted, Supplier<FeatureImportance> importance) {
        HtmlReport page = new HtmlReport("fitscore run " + r.runDate());
        if (r.evaluation() != null) {
            page.figure("holdout R2", number(r.evaluation().r2())).figure("holdout RMSE", number(r.evaluation().rmse()))
                    .figure("holdout MAE", number(r.evaluation().mae()));
        }
        if (r.baseline() != null) {
            page.figure("baseline RMSE (mean)", number(r.baseline().rmse()));
        }
        if (r.interval() != null) {
            page.figure(String.format(Locale.ROOT, "%.0f%% interval", 100 * r.interval().coverage()), "prediction ± " + number(r.interval().halfWidth()))
                    .figure("holdout inside it", String.format(Locale.ROOT, "%.1f%%", 100 * r.interval().holdoutCoverage()));
        }
        if (r.drift() != null) {
            page.figure("drift against " + r.drift().against(), r.drift().worst()
                    .map(w -> w.column() + " PSI " + number(w.psi())).orElse("no column in common"));
        }
        if (r.cv() != null) {
            page.figure("CV R2 (" + r.cv().folds() + "x" + r.cv().repeats() + ")", number(r.cv().r2Mean()) + " ± " + number(r.cv().r2Sd()));
        }
        page.figure("model", r.trainer().name());
        page.figure("portable model", r.trainer().portableFiles().isEmpty() ? "none (model.tribuo only)"
                : String.join(", ", r.trainer().portableFiles()));
        r.trainer().chosenInTraining().forEach((name, value) -> page.figure(name.replace('-', ' ') + " (chosen in training)", readable(value)));
        page.figure("rows joined", Long.toString(r.rows().joined()))
                .figure("rows scored", Long.toString(r.rows().scored()))
                .figure("seconds up to this report", String.format(Locale.ROOT, "%.1f", r.seconds().values().stream().mapToDouble(Double::doubleValue).sum()));

        page.chart(new HtmlReport.Scatter("Predicted vs actual (" + actual.length + " holdout rows)", "actual", "predicted", actual,
                predicted, List.of(), true));
        page.chart(residuals(actual, predicted));
        RunReport.Explanations explained = r.explanations();
        if (explained != null && !explained.columns().isEmpty()) {
            page.chart(new HtmlReport.Bars("What the predictions lean on: mean |contribution| per input column over " + explained.holdoutRows()
                    + " holdout rows (" + explained.method() + ")", "mean |contribution|",
                    explained.columns().stream().map(RunReport.Explanations.Column::column).toList(),
                    Map.of("mean |contribution|", explained.columns().stream().mapToDouble(c -> significant(c.meanAbsContribution())).toArray())));
            page.figure("explanations", explained.inResults() ? "top " + explained.top() + " columns per row in the results"
                    : "not in the results: " + explained.leftOut());
        } else {
            // Asked only here: the model's own importance (for a linear model, deviations over the training rows) is
            // not computed when the explanations' chart stands in its place.
            FeatureImportance own = importance.get();
            if (!own.features().isEmpty()) {
                page.chart(new HtmlReport.Bars("Feature importance: " + own.measure(), "importance", own.features(),
                        Map.of("importance", Arrays.stream(own.values()).map(RunReportPage::significant).toArray())));
            }
        }
        if (r.cv() != null) {
            List<String> folds = new ArrayList<>();
            double[] r2 = new double[r.cv().perFold().size()];
            for (int i = 0; i < r2.length; i++) {
                folds.add("fold " + (i + 1));
                r2[i] = r.cv().perFold().get(i).r2();
            }
            page.chart(new HtmlReport.Bars("Cross-validation R2 per fold", "R2", folds, Map.of("R2", r2)));
        }
        AutoSelection.Selection selection = r.modelSelection();
        if (selection != null) {
            List<String> names = selection.candidates().stream().map(AutoSelection.CandidateScore::name).toList();
            double[] r2 = selection.candidates().stream().mapToDouble(AutoSelection.CandidateScore::r2Mean).toArray();
            page.chart(new HtmlReport.Bars("auto: candidates' CV R2 on the training split (winner " + selection.winner() + ")", "R2", names,
                    Map.of("CV R2", r2)));
            page.figure("auto chose", selection.winner() + ": " + selection.rule());
            page.table("auto: the candidates compared", List.of("candidate", "type", "status", "folds", "CV R2", "± sd", "CV RMSE", "seconds"),
                    selection.candidates().stream().map(c -> List.of(c.name(), c.type(), c.status(), Integer.toString(c.foldsRun()),
                            number(c.r2Mean()), number(c.r2Sd()), number(c.rmseMean()), number(c.seconds()))).toList());
        }
        page.chart(new HtmlReport.Bars("Seconds per stage", "seconds", List.copyOf(r.seconds().keySet()),
                Map.of("seconds", r.seconds().values().stream().mapToDouble(Double::doubleValue).toArray())));

        List<List<String>> inputs = new ArrayList<>();
        for (InputStats in : r.rows().inputs()) {
            inputs.add(List.of(in.uri(), Long.toString(in.rowsRead()), Long.toString(in.droppedMissingKey()),
                    Long.toString(in.droppedDuplicates()), Long.toString(in.unmatchedRows()), Long.toString(in.malformedRows())));
        }
        page.table("Rows per input", List.of("input", "read", "dropped: no key", "dropped: duplicate", "unmatched in the join",
                "malformed (read as missing)"), inputs);
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("joined", r.rows().joined());
        rows.put("collected to train on", r.rows().collected());
        rows.put("training rows", r.rows().train());
        rows.put("holdout rows", r.rows().test());
        rows.put("rows the stored model trained on", r.rows().trained());
        rows.put("without a target", r.rows().unlabelled());
        rows.put("scored", r.rows().scored());
        page.table("Rows per stage", List.of("stage", "rows"), rows.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue().toString())).toList());
        if (r.drift() != null && !r.drift().columns().isEmpty()) {
            var d = r.drift();
            page.chart(new HtmlReport.Bars("Drift against the run of " + d.against() + ": population stability index per column", "PSI",
                    d.columns().stream().map(c -> c.column()).toList(),
                    Map.of("PSI", d.columns().stream().mapToDouble(c -> significant(c.psi())).toArray())));
            List<List<String>> drifted = new java.util.ArrayList<>();
            for (var c : d.columns()) {
                drifted.add(List.of(c.column(), number(c.psi()), String.join(", ", c.newLevels()), String.join(", ", c.goneLevels())));
            }
            drifted.add(List.of("target", number(d.targetPsi()), "", ""));
            page.table("Drift against the run of " + d.against(), List.of("column", "PSI", "new levels", "levels gone"), drifted);
        }
        page.json("Effective configuration", r.config());
        return page.render();
    }

    private static HtmlReport.Bars residuals(double[] actual, double[] predicted) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double[] residuals = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            residuals[i] = predicted[i] - actual[i];
            min = Math.min(min, residuals[i]);
            max = Math.max(max, residuals[i]);
        }
        double width = max > min ? (max - min) / RESIDUAL_BINS : 1;
        double[] counts = new double[RESIDUAL_BINS];
        for (double e : residuals) {
            counts[Math.min(RESIDUAL_BINS - 1, (int) ((e - min) / width))]++;
        }
        List<String> bins = new ArrayList<>();
        for (int b = 0; b < RESIDUAL_BINS; b++) {
            bins.add(String.format(Locale.ROOT, "%.2f", min + (b + 0.5) * width));
        }
        return new HtmlReport.Bars("Residuals (predicted - actual) on the holdout", "rows", bins, Map.of("rows", counts));
    }

    /** Figures as the page shows them (and as its test reads them back). */
    public static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** A value rounded to four significant digits, for reading (metrics.json keeps full precision). */
    static double significant(double value) {
        return value == 0 || !Double.isFinite(value) ? value : new BigDecimal(value).round(new MathContext(4)).doubleValue();
    }

    /** A figure for reading: numbers to four significant digits, anything else as it is. */
    static String readable(Object value) {
        return value instanceof Double || value instanceof Float ? BigDecimal.valueOf(significant(((Number) value).doubleValue())).stripTrailingZeros()
                .toPlainString() : String.valueOf(value);
    }

}
