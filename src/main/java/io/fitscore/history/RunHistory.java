package io.fitscore.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fitscore.storage.ObjectStore;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.report.HtmlReport;
import io.fitscore.report.RunArtifacts;
import io.fitscore.storage.StorageUri;
import io.fitscore.json.JsonDocuments;

/**
 * The runs under an artifacts prefix, one per dated folder with a metrics.json (what marks a complete
 * run), summarised for a table and for a trend page of how a daily job's quality and rows move.
 */
@ApplicationScoped
public class RunHistory {

    public static final String TREND_PAGE = "trend.html";
    private static final ObjectMapper JSON = JsonDocuments.MAPPER;

    @Inject
    ObjectStore store;

    @Inject
    RunArtifacts runArtifacts;

    /**
     * One run as the table shows it: its job, model, rows and headline quality figures (NaN where the job has none), and
     * the column that drifted most against the run before it with its population stability index ("" and NaN when the
     * run compared with none).
     */
    public record RunSummary(String date, String job, String model, long rows, String metricName, double metric, String secondName,
            double second, String driftColumn, double driftPsi) {
    }

    /** Every complete run under the prefix, oldest first; exit 5 when there is none. */
    public List<RunSummary> runs(StorageUri artifacts) {
        TreeSet<String> dates = runArtifacts.runDatesWith(artifacts, RunArtifacts.METRICS);
        if (dates.isEmpty()) {
            throw new FitscoreException(ExitCode.INPUT_MISSING, artifacts.asPrefix() + ": no run (no <date>/metrics.json) under this prefix");
        }
        List<RunSummary> runs = new ArrayList<>();
        for (String date : dates) {
            StorageUri metrics = artifacts.resolve(date + "/" + RunArtifacts.METRICS);
            try {
                runs.add(summarise(date, JSON.readTree(store.get(metrics))));
            } catch (java.io.IOException e) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, metrics + ": not readable JSON (" + e.getMessage() + ")", e);
            }
        }
        return runs;
    }

    /**
     * A run as its own metrics.json's headline says it ({@link io.fitscore.report.JobReport}): whatever the job, its
     * model, rows and first two figures. A metrics.json without a headline is listed with its job and no figures.
     */
    static RunSummary summarise(String date, JsonNode m) {
        JsonNode headline = m.path("headline");
        JsonNode first = headline.path("figures").path(0);
        JsonNode second = headline.path("figures").path(1);
        JsonNode worst = m.path("drift").path("columns").path(0); // drift lists its columns worst first
        return new RunSummary(date, m.path("job").asText("run"), headline.path("model").asText(""), headline.path("rows").asLong(),
                first.path("name").asText(""), first.path("value").asDouble(Double.NaN), second.path("name").asText(""),
                second.path("value").asDouble(Double.NaN), worst.path("column").asText(""), worst.path("psi").asDouble(Double.NaN));
    }

    /**
     * The trend page: the headline figures and the rows per date, the worst column's drift against the run before
     * (when any run compared itself with one), and a table of every run.
     */
    public String trendPage(StorageUri artifacts, List<RunSummary> runs) {
        List<String> dates = runs.stream().map(RunSummary::date).toList();
        RunSummary last = runs.get(runs.size() - 1);
        HtmlReport page = new HtmlReport("fitscore runs under " + artifacts.asPrefix())
                .figure("runs", Integer.toString(runs.size())).figure("first", dates.get(0)).figure("last", last.date())
                .figure("last " + last.metricName(), number(last.metric()));
        page.chart(new HtmlReport.Bars(last.metricName() + " and " + last.secondName() + " by run date", "value", dates, Map.of(),
                Map.of(last.metricName(), runs.stream().mapToDouble(RunSummary::metric).toArray(), last.secondName(),
                        runs.stream().mapToDouble(RunSummary::second).toArray())));
        page.chart(new HtmlReport.Bars("Rows by run date", "rows", dates, Map.of("rows", runs.stream().mapToDouble(RunSummary::rows).toArray())));
        if (runs.stream().anyMatch(r -> !Double.isNaN(r.driftPsi()))) {
            page.chart(new HtmlReport.Bars("Drift against the run before: the worst column's population stability index", "PSI", dates,
                    Map.of(), Map.of("worst column's PSI", runs.stream().mapToDouble(RunSummary::driftPsi).toArray())));
        }
        page.table("Runs", List.of("date", "job", "model", "rows", "metric", "value", "second", "value", "drift: worst column", "PSI"),
                runs.stream().map(r -> List.of(r.date(), r.job(), r.model(), Long.toString(r.rows()), r.metricName(), number(r.metric()),
                        r.secondName(), number(r.second()), r.driftColumn(), number(r.driftPsi()))).toList());
        return page.render();
    }

    public void writeTrendPage(StorageUri artifacts, String html) {
        store.put(artifacts.resolve(TREND_PAGE), html.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
