package io.fitscore.history;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import io.fitscore.failure.ExitCode;
import io.fitscore.lifecycle.Failures;
import io.fitscore.storage.StorageUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fitscore runs}: the runs under an artifacts prefix, as a table and a trend page. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists the runs under an artifacts prefix (one per <date>/metrics.json: date, job, model, rows, quality) "
                + "and writes trend.html there: how a daily job's quality and row counts move over the dates.",
        footer = {"", "Exit codes: 3 invalid prefix, 4 credentials, 5 no run under the prefix, 6 an unreadable metrics.json, "
                + "7 trend.html could not be written."})
public class RunsCommand implements Callable<Integer> {

    @Option(names = "--artifacts", required = true, description = "The artifacts prefix the runs wrote to (s3://... or file://...).")
    String artifacts;

    @Inject
    RunHistory history;

    @Override
    public Integer call() {
        try {
            StorageUri prefix = StorageUri.parse("--artifacts", artifacts).asPrefix();
            List<RunHistory.RunSummary> runs = history.runs(prefix);
            System.out.printf("%-10s  %-9s  %-22s  %10s  %-12s %8s  %-12s %8s  %-20s %8s%n", "date", "job", "model", "rows", "metric", "", "", "",
                    "drift: worst column", "PSI");
            for (RunHistory.RunSummary r : runs) {
                System.out.printf("%-10s  %-9s  %-22s  %10d  %-12s %8s  %-12s %8s  %-20s %8s%n", r.date(), r.job(), r.model(), r.rows(),
                        r.metricName(), RunHistory.number(r.metric()), r.secondName(), RunHistory.number(r.second()), r.driftColumn(),
                        RunHistory.number(r.driftPsi()));
            }
            history.writeTrendPage(prefix, history.trendPage(prefix, runs));
            System.out.println("trend page: " + prefix.resolve(RunHistory.TREND_PAGE));
            return ExitCode.OK.code();
        } catch (Throwable t) {
            return Failures.report(t, System.err);
        }
    }
}
