/**
 * The lifecycle every job runs in, knowing no job: JobLifecycle (config, credentials, validation while Spark starts,
 * lease, the job's stages, the input-change check, publish; SIGTERM, out-of-memory and full-disk handling), the
 * JobFrame a job's stages work with, the StagedJob contract and its destinations, the stage clock, and the one line
 * and exit code of any failure.
 */
package io.fitscore.lifecycle;
