/**
 * Batch predictors: flat-array trees, XGBoost's trees walked in Java, batched native XGBoost, averaged models, and
 * Tribuo examples for the rest;
 * and XGBoost's trees as its JSON model stores them, which the Java walk and TreeSHAP both read.
 */
package io.fitscore.ml.scoring;
