/**
 * What every job that learns from labelled rows shares, below the jobs: the bounded, seeded collect of the joined rows
 * to the driver (RowCollector, PlainRows) and the scoring of every row inside Spark's tasks with a model ml trained
 * (SparkScoring). A regression job uses it today; a classifier or a forecast would use the same.
 */
package io.fitscore.supervised;
