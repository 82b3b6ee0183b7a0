/**
 * Batch predictors: flat-array trees, XGBoost's trees walked in Java, batched native XGBoost, averaged models, and
 * Tribuo examples for the rest.
 */
package io.fitscore.ml.scoring;
