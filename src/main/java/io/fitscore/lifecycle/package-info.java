/**
 * The frame every job runs in (JobLifecycle: config, credentials, validation, lease, Spark, the job's stages,
 * publish; SIGTERM, out-of-memory and disk handling), and the regression jobs run and score with their commands.
 */
package io.fitscore.lifecycle;
