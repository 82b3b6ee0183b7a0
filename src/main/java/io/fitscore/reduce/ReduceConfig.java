package io.fitscore.reduce;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of {@code fitscore reduce} ({@code fitscore.reduce.*}); checked together by {@link ReduceSettings#resolve}. */
@ConfigMapping(prefix = "fitscore.reduce")
public interface ReduceConfig {

    /** Number of principal components; unset: the fewest that keep {@link #varianceShare()} of the variance. */
    OptionalInt components();

    /** Share of the variance the components keep when {@link #components()} is unset, in (0, 1]. */
    @WithDefault("0.95")
    double varianceShare();

    /** Numeric columns to reduce; unset: every numeric column except the id column. */
    Optional<List<String>> columns();

    /** Text columns to one-hot encode into the reduction (a 0/1 feature per level, missing values a level of their own). */
    Optional<List<String>> categorical();

    /** Column copied into the output to name each row; unset: the join key (none when that is empty too). */
    Optional<String> idColumn();

    /**
     * Scale every column to unit variance before PCA (columns are always centred); unset: true for
     * tables (columns in different units), false for images (pixels share one scale, and scaling
     * would give a flat background's noise the weight of the shapes).
     */
    Optional<Boolean> standardise();

    /** Output format of the reduced matrix: json (JSON lines) or csv (with a header). */
    @WithDefault("json")
    String format();

    /** What the inputs are: table (CSV files, joined on the key) or images (folders of image files, labelled by sub-folder). */
    @WithDefault("table")
    String source();

    /** Images are resized to this many pixels a side before PCA (size x size x RGB features). */
    @WithDefault("16")
    int imageSize();
}
