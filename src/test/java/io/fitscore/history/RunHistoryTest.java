package io.fitscore.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.json.JsonDocuments;
import io.fitscore.report.JobReport;

/** A run is summarised by its own report's headline, whatever its job: RunHistory knows no job by name. */
class RunHistoryTest {

    /** A job kind fitscore does not have: a forecast, with figures none of the jobs report. */
    record ForecastReport(String job, String runDate, Map<String, Double> errors, long series) implements JobReport {
        @Override
        public Headline headline() {
            return new Headline("ets", series, List.of(new Headline.Figure("MAPE", errors.get("mape")),
                    new Headline.Figure("coverage", errors.get("coverage"))));
        }
    }

    @Test
    void aNewJobKindIsListedWithItsOwnFigures() {
        JsonNode metrics = JsonDocuments.MAPPER.valueToTree(new ForecastReport("forecast", "2026-12-07", Map.of("mape", 0.083, "coverage", 0.91), 420));
        RunHistory.RunSummary summary = RunHistory.summarise("2026-12-07", metrics);
        assertEquals(new RunHistory.RunSummary("2026-12-07", "forecast", "ets", 420, "MAPE", 0.083, "coverage", 0.91, "", Double.NaN), summary);
    }

    @Test
    void aMetricsFileWithoutAHeadlineIsListedWithoutFigures() {
        RunHistory.RunSummary summary = RunHistory.summarise("2026-12-07", JsonDocuments.MAPPER.createObjectNode().put("job", "reduce"));
        assertEquals("reduce", summary.job());
        assertTrue(Double.isNaN(summary.metric()) && Double.isNaN(summary.second()) && summary.metricName().isEmpty(), summary.toString());
    }
}
