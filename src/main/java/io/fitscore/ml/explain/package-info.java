/**
 * Per-row contributions of each encoded feature to a prediction, computed from a model's own structure: exact
 * TreeSHAP on XGBoost's trees, a linear model's weights against its training means, and an averaged ensemble's weighted
 * sum of its members'. Each writes a row's contributions and its base value, which add up to the prediction.
 */
package io.fitscore.ml.explain;
