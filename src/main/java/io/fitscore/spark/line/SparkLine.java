package io.fitscore.spark.line;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

import scala.concurrent.Await;
import scala.concurrent.duration.Duration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What fitscore needs of Spark and Scala that differs between the Spark lines it is built for: this file serves the
 * Spark 4 lines (Scala 2.13, the classic in-JVM session); src/main/spark-3.5/java has the same class for Spark 3.5 on
 * Scala 2.12. Everything else is written once, against what the lines share.
 */
public final class SparkLine {

    private SparkLine() {
    }

    /**
     * The session of these settings: the classic (in-JVM) session's own builder, as SparkSession.builder() first finds
     * it by Scala reflection, whose runtime universe took half a second of every start.
     */
    public static SparkSession getOrCreate(Map<String, String> conf) {
        org.apache.spark.sql.classic.SparkSession.Builder builder = org.apache.spark.sql.classic.SparkSession.builder();
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** A Scala sequence of the values, of the type Spark's Java API takes (immutable in Scala 2.13). */
    @SafeVarargs
    public static <T> scala.collection.immutable.Seq<T> seq(T... values) {
        return seq(List.of(values));
    }

    public static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
        return CollectionConverters.asScala(values).toList();
    }

    public static <T> List<T> list(scala.collection.Seq<T> values) {
        return CollectionConverters.asJava(values);
    }

    public static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        return scala.collection.immutable.Map.from(CollectionConverters.asScala(map));
    }

    public static <T> scala.collection.Iterator<T> iterator(Iterator<T> values) {
        return CollectionConverters.asScala(values);
    }

    /** The session's SQL settings. */
    public static SQLConf sqlConf(SparkSession spark) {
        return classic(spark).sessionState().conf();
    }

    /** A Hadoop configuration with the session's own settings, as Spark's file sources make one. */
    public static Configuration newHadoopConf(SparkSession spark) {
        return classic(spark).sessionState().newHadoopConf();
    }

    /** The parallelism Spark's file sources share a scan's bytes among. */
    public static int leafNodeDefaultParallelism(SparkSession spark) {
        return classic(spark).leafNodeDefaultParallelism();
    }

    /** A DataFrame of rows Spark's own readers would have made (not converted again). */
    public static Dataset<Row> internalCreateDataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        return classic(spark).internalCreateDataFrame(rows, schema, false);
    }

    /** The figures an observation collected, waiting at most the given seconds for them. */
    public static Map<String, Object> figures(Observation observation, long seconds) throws Exception {
        // Bounded wait; once the figures are there, getAsJava (which would wait forever) returns at once.
        Await.ready(observation.future(), Duration.create(seconds, java.util.concurrent.TimeUnit.SECONDS));
        return observation.getAsJava();
    }

    private static org.apache.spark.sql.classic.SparkSession classic(SparkSession spark) {
        return (org.apache.spark.sql.classic.SparkSession) spark;
    }
}
