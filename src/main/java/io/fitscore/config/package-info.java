/**
 * The settings every job shares: the fitscore.* @ConfigMapping of inputs, outputs, storage access and CSV format,
 * and what a run resolves from it and the command line (RunSettings, checked with the job's own settings in one
 * list). Each other concern's mapping lives with it: spark.SparkConfig, publish.LeaseConfig, health.HealthConfig,
 * embedded.EmbeddedS3Config, and each job's in its package.
 */
package io.fitscore.config;
