package io.fitscore.reduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.Problem;

/** The checked settings of one {@code fitscore reduce}. */
public record ReduceSettings(OptionalInt components, double varianceShare, Optional<List<String>> columns,
        List<String> categorical, Optional<String> idColumn, boolean standardise, Format format, Source source, int imageSize) {

    /** How the reduced matrix is written. */
    public enum Format {
        JSON, CSV
    }

    /** What is reduced: the numeric columns of CSV tables, or the pixels of images in folders. */
    public enum Source {
        TABLE, IMAGES
    }

    /** Largest image side: size x size x 3 features must stay within what Spark's PCA takes (65,535), with room. */
    static final int MAX_IMAGE_SIZE = 128;

    /** Resolves and checks the reduce settings, adding every problem to {@code problems}; empty when there was any. */
    public static Optional<ReduceSettings> resolve(ReduceConfig r, Optional<String> joinKey, List<Problem> problems) {
        int before = problems.size();
        if (r.components().isPresent() && r.components().getAsInt() < 1) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.components must be at least 1, got " + r.components().getAsInt()));
        }
        if (!(r.varianceShare() > 0 && r.varianceShare() <= 1)) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.variance-share must be in (0, 1], got " + r.varianceShare()));
        }
        Format format = null;
        try {
            format = Format.valueOf(r.format().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.format must be json or csv, got '" + r.format() + "'"));
        }
        Source source = null;
        try {
            source = Source.valueOf(r.source().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.source must be table or images, got '" + r.source() + "'"));
        }
        if (r.imageSize() < 1 || r.imageSize() > MAX_IMAGE_SIZE) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.image-size must be between 1 and " + MAX_IMAGE_SIZE + ", got "
                    + r.imageSize()));
        }
        if (source == Source.IMAGES && r.columns().isPresent()) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.columns names table columns, but fitscore.reduce.source is images"));
        }
        Optional<String> id = r.idColumn().map(String::strip).filter(s -> !s.isEmpty()).or(() -> joinKey);
        Optional<List<String>> columns = r.columns().map(list -> list.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        List<String> categorical = r.categorical().map(list -> list.stream().map(String::strip).filter(c -> !c.isEmpty()).toList())
                .orElse(List.of());
        if (source == Source.IMAGES && !categorical.isEmpty()) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.categorical names table columns, but fitscore.reduce.source is images"));
        }
        if (columns.isPresent() && categorical.stream().anyMatch(columns.get()::contains)) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.columns and fitscore.reduce.categorical both list "
                    + categorical.stream().filter(columns.get()::contains).toList()));
        }
        if (id.isPresent() && categorical.contains(id.get())) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.categorical lists the id column '" + id.get() + "'"));
        }
        if (id.isPresent() && columns.isPresent() && columns.get().contains(id.get())) {
            problems.add(new Problem(ExitCode.CONFIG, "fitscore.reduce.columns lists the id column '" + id.get() + "'"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ReduceSettings(r.components(), r.varianceShare(), columns, categorical, id,
                r.standardise().orElse(source != Source.IMAGES), format, source, r.imageSize()));
    }

    /** The settings of {@code fitscore reduce}, for the "reduce" block of its effective configuration. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("components", components().isPresent() ? components().getAsInt() : null);
        m.put("variance_share", varianceShare());
        m.put("columns", columns().orElse(null));
        m.put("categorical", categorical());
        m.put("id_column", idColumn().orElse(null));
        m.put("standardise", standardise());
        m.put("format", format().name().toLowerCase(Locale.ROOT));
        m.put("source", source().name().toLowerCase(Locale.ROOT));
        m.put("image_size", imageSize());
        return m;
    }

}
