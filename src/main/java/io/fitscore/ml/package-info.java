/**
 * Regression on plain Java rows with Tribuo, configured by plain values (TrainerSettings), never the configuration:
 * the feature pipeline, trainers, auto's cross-validated choice, evaluation, the compiled model that scores
 * batches of rows on the driver and in Spark, the row explainer that says per row which input columns moved its
 * prediction, and the portable forms of a model (XGBoost's UBJSON, ONNX).
 */
package io.fitscore.ml;
