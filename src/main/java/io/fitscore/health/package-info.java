/**
 * The optional health endpoint's view of a run: its stage, heartbeat and Spark task counts.
 */
package io.fitscore.health;
