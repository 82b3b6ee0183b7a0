/**
 * Regression on plain Java rows with Tribuo: the feature pipeline, trainers from settings, auto's cross-validated
 * choice, evaluation, and the compiled model that scores batches of rows on the driver and in Spark.
 */
package io.fitscore.ml;
