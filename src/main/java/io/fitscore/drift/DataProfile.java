package io.fitscore.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.Table;

/**
 * What a run trained on, as profile.json keeps it: the collected rows' count, a profile of each column the model reads,
 * the target's, and the holdout's RMSE.
 */
public record DataProfile(String runDate, int rows, List<ColumnProfile> columns, ColumnProfile target, Double holdoutRmse) {

    public static final String FILE = "profile.json";

    /**
     * The profile of every row of {@code table} in the columns {@code pipeline} reads (a multi-valued one by its labels) and
     * its target, with the run's holdout RMSE (null without a holdout).
     */
    public static DataProfile of(String runDate, Table table, FeaturePipeline pipeline, String target, Double holdoutRmse) {
        Map<String, String> separators = new HashMap<>();
        for (FeaturePipeline.ColumnEncoding encoding : pipeline.encodings()) {
            if (encoding instanceof FeaturePipeline.MultiLabel labels) {
                separators.put(labels.column(), labels.separator());
            }
        }
        List<ColumnProfile> profiles = new ArrayList<>();
        for (String column : pipeline.columns()) {
            if (table.has(column) && !column.equals(target)) {
                profiles.add(ColumnProfile.of(column, table.column(column).numeric(), values(table, column), separators.get(column)));
            }
        }
        return new DataProfile(runDate, table.size(), profiles, ColumnProfile.of(target, true, labelled(values(table, target))),
                holdoutRmse);
    }

    /** The target's known values: a run with more unlabelled rows to score has not drifted. */
    static List<Object> labelled(List<Object> values) {
        return values.stream().filter(v -> v instanceof Double d && Double.isFinite(d)).toList();
    }

    static List<Object> values(Table table, String column) {
        int at = table.indexOf(column);
        List<Object> values = new ArrayList<>(table.size());
        for (List<Object> row : table.rows()) {
            values.add(row.get(at));
        }
        return values;
    }
}
