/**
 * Typed settings: the fitscore.* @ConfigMapping with its defaults, what a run resolves from it and the command
 * line (RunSettings, ReduceSettings, RecommendSettings), their checks, and the effective configuration written
 * without secrets.
 */
package io.fitscore.config;
