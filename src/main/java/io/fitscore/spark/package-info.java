/**
 * Spark: the session and its settings for a run, reading and joining CSV inputs, writing results, scoring in
 * Spark, and the Spark side of reduce (PCA, images) and recommend (ALS).
 */
package io.fitscore.spark;
