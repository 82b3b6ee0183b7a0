package io.fitscore.spark.line;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * What fitscore needs of Spark and Scala that differs between the Spark lines it is built for: this file serves Spark
 * 3.5 on Scala 2.12 (one session class, Scala 2.12's collections); src/main/java has the same class for the Spark 4
 * lines. Everything else is written once, against what the lines share.
 */
public final class SparkLine {

    private SparkLine() {
    }

    /** The session of these settings. */
    public static SparkSession getOrCreate(Map<String, String> conf) {
        SparkSession.Builder builder = SparkSession.builder();
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** A Scala sequence of the values, of the type Spark's Java API takes (scala.collection.Seq in Scala 2.12). */
    @SafeVarargs
    public static <T> scala.collection.Seq<T> seq(T... values) {
        return seq(List.of(values));
    }

    public static <T> scala.collection.Seq<T> seq(List<T> values) {
        return JavaConverters.asScalaBuffer(values).toList();
    }

    public static <T> List<T> list(scala.collection.Seq<T> values) {
        return JavaConverters.seqAsJavaList(values);
    }

    public static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out = out.$plus(new Tuple2<>(e.getKey(), e.getValue()));
        }
        return out;
    }

    public static <T> scala.collection.Iterator<T> iterator(Iterator<T> values) {
        return JavaConverters.asScalaIterator(values);
    }

    /** The session's SQL settings. */
    public static SQLConf sqlConf(SparkSession spark) {
        return spark.sessionState().conf();
    }

    /** A Hadoop configuration with the session's own settings, as Spark's file sources make one. */
    public static Configuration newHadoopConf(SparkSession spark) {
        return spark.sessionState().newHadoopConf();
    }

    /** The parallelism Spark's file sources share a scan's bytes among. */
    public static int leafNodeDefaultParallelism(SparkSession spark) {
        return spark.leafNodeDefaultParallelism();
    }

    /** A DataFrame of rows Spark's own readers would have made (not converted again). */
    public static Dataset<Row> internalCreateDataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        return spark.internalCreateDataFrame(rows, schema, false);
    }

    /** The figures an observation collected, waiting at most the given seconds for them (3.5's wait has no bound). */
    public static Map<String, Object> figures(Observation observation, long seconds) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return observation.getAsJava();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the observed figures", e);
            }
        }).get(seconds, TimeUnit.SECONDS);
    }
}
