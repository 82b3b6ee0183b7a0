/**
 * What every job shares of Spark: the session of a run (RunSession, SparkSessions: settings, scratch space, request
 * counts, the quick-JIT switch), reading and joining CSV inputs (InputReader, CsvSchema, Utf8CsvReader and its
 * CsvLineParser, EdgeSpace, ReadCounts, FirstSeen, InnerRows), the row cache (RowBatchCache) and writing results (ResultWriter). Models and
 * job-specific Spark work live with their job.
 */
package io.fitscore.spark;
