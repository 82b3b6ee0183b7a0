package io.fitscore.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What every job's metrics.json says first: its headline, the model and rows of the run and the figures a reader
 * compares day by day. {@code fitscore runs} lists and charts runs by their headlines alone, so a new job shows its own
 * figures there by saying them here.
 */
public interface JobReport {

    /** The run's headline, written into metrics.json as "headline". */
    @JsonProperty("headline")
    Headline headline();

    /**
     * The model (or what stands for it), the rows the run learnt from, and its quality figures, most telling first.
     */
    record Headline(String model, long rows, List<Figure> figures) {

        /** One named figure, e.g. R2 0.32. */
        public record Figure(String name, double value) {
        }
    }
}
