/**
 * What differs between the Spark lines fitscore builds for, behind one small API: the session class, Scala's
 * collections, the observation's wait and the cache serializer's Scala signatures. The files here serve the Spark 4
 * lines (Scala 2.13); src/main/spark-3.5/java holds the same classes for Spark 3.5 on Scala 2.12, compiled in their
 * place by the spark-3.5 profile. Everything else is written once against what the lines share.
 */
package io.fitscore.spark.line;
