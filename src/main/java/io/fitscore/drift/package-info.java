/**
 * Drift between runs: a profile of the rows a run trained on (per column the model reads, and the target), stored with
 * its artifacts, and the population stability index of each column against the latest earlier run's profile.
 */
package io.fitscore.drift;
