package io.fitscore.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import io.fitscore.spark.line.RowBatchCacheSerializer;
import io.fitscore.spark.line.SparkLine;

import scala.reflect.ClassTag$;

/**
 * Spark's cache of a Dataset kept as the rows Spark already has: each row's UnsafeRow bytes, copied one after another
 * into batches of about 4 MB compressed with LZ4, and read back by pointing a row at them once a batch is unpacked. Spark's own cache re-encodes every value into compressed
 * columns with statistics per column, which pays when a cached table is filtered or scanned by few columns; fitscore
 * caches its joined rows to read every column of every row twice (the training sample and the scoring), where the
 * encoding is pure cost (docs/benchmarks.md has what it saves).
 * Set as {@code spark.sql.cache.serializer} (through {@link RowBatchCacheSerializer}, whose Scala signatures differ
 * between Spark lines), a session's static setting, so it serves every cache of the session.
 * LZ4 keeps it smaller than Spark's compressed columns on fitscore's tables (10.7M joined rows: uncompressed row
 * batches took 3.6 GB against the columns' 2.3 GB, and pushed peak RSS from 6.5 to 8.7 GB); a MEMORY_AND_DISK
 * cache spills what does not fit.
 */
public final class RowBatchCache {
    /** Large enough that a batch's overhead vanishes, small enough to spill and read back in pieces. */
    static final int BATCH_BYTES = 4 << 20;

    /** Rows' bytes one after another, each after its length, LZ4-compressed from {@code rawLength} bytes. */
    record RowBatch(byte[] compressed, int rawLength, int numRows) implements CachedBatch, Serializable {
        @Override
        public long sizeInBytes() {
            return compressed.length;
        }
    }

    /** The rows of a partition packed into batches (Spark's CachedBatchSerializer.convertInternalRowToCachedBatch). */
    public static RDD<CachedBatch> pack(RDD<InternalRow> input, List<Attribute> schema) {
        DataType[] types = schema.stream().map(Attribute::dataType).toArray(DataType[]::new);
        return JavaRDD.fromRDD(input, ClassTag$.MODULE$.<InternalRow>apply(InternalRow.class)).mapPartitions(new Pack(types)).rdd();
    }

    /** The selected columns' rows back from the batches (CachedBatchSerializer.convertCachedBatchToInternalRow). */
    public static RDD<InternalRow> unpack(RDD<CachedBatch> input, List<Attribute> cached, List<Attribute> selected) {
        List<Expression> columns = new ArrayList<>();
        for (Attribute a : selected) {
            int ordinal = -1;
            for (int i = 0; i < cached.size(); i++) {
                if (cached.get(i).exprId().equals(a.exprId())) {
                    ordinal = i;
                    break;
                }
            }
            if (ordinal < 0) {
                throw new IllegalStateException("column " + a + " is not in the cache's " + cached);
            }
            columns.add(new BoundReference(ordinal, a.dataType(), a.nullable()));
        }
        boolean everyColumn = selected.size() == cached.size();
        for (int i = 0; i < columns.size() && everyColumn; i++) {
            everyColumn = ((BoundReference) columns.get(i)).ordinal() == i;
        }
        return JavaRDD.fromRDD(input, ClassTag$.MODULE$.<CachedBatch>apply(CachedBatch.class))
                .mapPartitions(new Unpack(cached.size(), everyColumn ? null : columns)).rdd();
    }

    /** One partition's rows into compressed batches of about {@link #BATCH_BYTES} before compression. */
    private record Pack(DataType[] types) implements FlatMapFunction<Iterator<InternalRow>, CachedBatch> {
        @Override
        public Iterator<CachedBatch> call(Iterator<InternalRow> rows) {
            UnsafeProjection toUnsafe = UnsafeProjection.create(types);
            LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
            return new Iterator<>() {
                // One buffer of each kind per partition, reused by every batch.
                private byte[] raw = new byte[BATCH_BYTES];
                private byte[] packed = new byte[lz4.maxCompressedLength(BATCH_BYTES)];

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public CachedBatch next() {
                    if (!rows.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int used = 0;
                    int count = 0;
                    while (rows.hasNext() && used < BATCH_BYTES) {
                        InternalRow row = rows.next();
                        UnsafeRow unsafe = row instanceof UnsafeRow u ? u : toUnsafe.apply(row);
                        int size = unsafe.getSizeInBytes();
                        if (used + 4 + size > raw.length) {
                            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, used + 4 + size));
                        }
                        Platform.putInt(raw, Platform.BYTE_ARRAY_OFFSET + used, size);
                        unsafe.writeToMemory(raw, Platform.BYTE_ARRAY_OFFSET + used + 4);
                        used += 4 + size;
                        count++;
                    }
                    if (packed.length < lz4.maxCompressedLength(used)) {
                        packed = new byte[lz4.maxCompressedLength(used)];
                    }
                    int length = lz4.compress(raw, 0, used, packed, 0, packed.length);
                    return new RowBatch(Arrays.copyOf(packed, length), used, count);
                }
            };
        }
    }

    /** One partition's batches back into rows, projected to the columns asked for unless they are all of them in order. */
    private record Unpack(int fields, List<Expression> columns) implements FlatMapFunction<Iterator<CachedBatch>, InternalRow> {
        @Override
        public Iterator<InternalRow> call(Iterator<CachedBatch> batches) {
            UnsafeProjection projection = columns == null ? null
                    : UnsafeProjection.create(SparkLine.seq(columns));
            UnsafeRow row = new UnsafeRow(fields);
            LZ4SafeDecompressor lz4 = LZ4Factory.fastestInstance().safeDecompressor();
            return new Iterator<>() {
                // Reused by every batch: like the row itself, what next() gives is valid until its next call.
                private byte[] bytes = new byte[0];
                private int position;
                private int remaining;

                // A batch always holds a row (Pack makes none empty).
                @Override
                public boolean hasNext() {
                    return remaining > 0 || batches.hasNext();
                }

                @Override
                public InternalRow next() {
                    if (remaining == 0) {
                        // Unpacked here, not in hasNext: the row handed out last stays valid until next() is called.
                        RowBatch batch = (RowBatch) batches.next();
                        if (bytes.length < batch.rawLength()) {
                            bytes = new byte[batch.rawLength()];
                        }
                        lz4.decompress(batch.compressed(), 0, batch.compressed().length, bytes, 0, batch.rawLength());
                        position = 0;
                        remaining = batch.numRows();
                    }
                    int size = Platform.getInt(bytes, Platform.BYTE_ARRAY_OFFSET + position);
                    row.pointTo(bytes, Platform.BYTE_ARRAY_OFFSET + position + 4, size);
                    position += 4 + size;
                    remaining--;
                    return projection == null ? row : projection.apply(row);
                }
            };
        }
    }
}
