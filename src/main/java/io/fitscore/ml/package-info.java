/**
 * Regression on plain Java rows with Tribuo, configured by plain values (TrainerSettings), never the configuration:
 * the feature pipeline, trainers, auto's cross-validated choice, evaluation, and the compiled model that scores
 * batches of rows on the driver and in Spark.
 */
package io.fitscore.ml;
