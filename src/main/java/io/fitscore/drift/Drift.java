package io.fitscore.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.fitscore.ml.Table;

/**
 * How this run's rows differ from the latest earlier run's: per column the population stability index over the earlier
 * run's bins (deciles of a number, most frequent levels of text, and missing values), worst first, with text levels
 * that are new or gone; the target's index; and both runs' holdout RMSE.
 *
 * @param against the earlier run's date
 */
public record Drift(String against, List<ColumnDrift> columns, double targetPsi, Double holdoutRmseBefore, Double holdoutRmseNow) {

    /** Below this a share counts as this, so that a bin empty on one side gives a large index, not an infinite one. */
    static final double LEAST_SHARE = 1e-4;
    /** A level is reported gone when it held at least this share before and no row now. */
    static final double GONE_SHARE = 0.01;
    private static final int MOST_LISTED = 5;

    /** One column's index and its text levels that are new or gone. */
    public record ColumnDrift(String column, double psi, List<String> newLevels, List<String> goneLevels) {
    }

    /** This run's rows against the earlier profile; columns the earlier run did not profile are left out. */
    public static Drift compare(DataProfile before, Table now) {
        List<ColumnDrift> columns = new ArrayList<>();
        for (ColumnProfile profile : before.columns()) {
            if (!now.has(profile.column())) {
                continue;
            }
            List<Object> values = profile.valuesOf(DataProfile.values(now, profile.column()));
            double[] shares = profile.sharesOf(values);
            List<String> gone = new ArrayList<>();
            for (int i = 0; i < profile.levels().size(); i++) {
                if (profile.shares()[i] >= GONE_SHARE && shares[i] == 0) {
                    gone.add(profile.levels().get(i));
                }
            }
            columns.add(new ColumnDrift(profile.column(), psi(profile.shares(), shares),
                    profile.numeric() ? List.of() : profile.newLevels(values, MOST_LISTED), gone.stream().limit(MOST_LISTED).toList()));
        }
        columns.sort(Comparator.comparingDouble(ColumnDrift::psi).reversed().thenComparing(ColumnDrift::column));
        double targetPsi = now.has(before.target().column())
                ? psi(before.target().shares(), before.target().sharesOf(DataProfile.labelled(DataProfile.values(now, before.target().column()))))
                : Double.NaN;
        return new Drift(before.runDate(), columns, targetPsi, before.holdoutRmse(), null);
    }

    /** The population stability index: the sum over bins of (now - before) ln(now / before). */
    public static double psi(double[] before, double[] now) {
        double sum = 0;
        for (int i = 0; i < before.length; i++) {
            double b = Math.max(before[i], LEAST_SHARE);
            double n = Math.max(now[i], LEAST_SHARE);
            sum += (n - b) * Math.log(n / b);
        }
        return sum;
    }

    public Optional<ColumnDrift> worst() {
        return columns.stream().findFirst();
    }

    public Drift withHoldoutRmse(Double rmse) {
        return new Drift(against, columns, targetPsi, holdoutRmseBefore, rmse);
    }
}
