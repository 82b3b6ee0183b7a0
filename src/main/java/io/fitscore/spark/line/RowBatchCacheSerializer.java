package io.fitscore.spark.line;

import java.io.Serializable;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.spark.RowBatchCache;

import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction2;

/**
 * {@link RowBatchCache} as Spark's cache serializer ({@code spark.sql.cache.serializer}). Spark's interface takes Scala
 * sequences, immutable ones in Scala 2.13: this file serves the Spark 4 lines, src/main/spark-3.5/java the 2.12 one.
 */
public final class RowBatchCacheSerializer implements CachedBatchSerializer {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean supportsColumnarInput(Seq<Attribute> schema) {
        return false;
    }

    @Override
    public boolean supportsColumnarOutput(StructType schema) {
        return false;
    }

    @Override
    public RDD<CachedBatch> convertInternalRowToCachedBatch(RDD<InternalRow> input, Seq<Attribute> schema, StorageLevel storageLevel,
            SQLConf conf) {
        return RowBatchCache.pack(input, SparkLine.list(schema));
    }

    @Override
    public RDD<InternalRow> convertCachedBatchToInternalRow(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
            Seq<Attribute> selectedAttributes, SQLConf conf) {
        return RowBatchCache.unpack(input, SparkLine.list(cacheAttributes), SparkLine.list(selectedAttributes));
    }

    @Override
    public RDD<CachedBatch> convertColumnarBatchToCachedBatch(RDD<ColumnarBatch> input, Seq<Attribute> schema, StorageLevel storageLevel,
            SQLConf conf) {
        throw new UnsupportedOperationException("row batches take rows, not columns (supportsColumnarInput is false)");
    }

    @Override
    public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
            Seq<Attribute> selectedAttributes, SQLConf conf) {
        throw new UnsupportedOperationException("row batches give rows, not columns (supportsColumnarOutput is false)");
    }

    /** No statistics are kept, so no batch can be skipped: every batch is read. */
    @Override
    public scala.Function2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>> buildFilter(
            Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
        return new EveryBatch();
    }

    private static final class EveryBatch extends AbstractFunction2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<CachedBatch> apply(Object partition, scala.collection.Iterator<CachedBatch> batches) {
            return batches;
        }
    }
}
