/**
 * The settings every job shares: the fitscore.* @ConfigMapping of inputs, outputs, credentials, CSV format, Spark,
 * leases, health and dev mode; what a run resolves from it and the command line (RunSettings, checked with the
 * job's own settings in one list), and the effective configuration written without secrets. A job's own settings
 * live in its package.
 */
package io.fitscore.config;
