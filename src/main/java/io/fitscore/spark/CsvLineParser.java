package io.fitscore.spark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.catalyst.csv.UnivocityParser;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.util.FailureSafeParser;
import org.apache.spark.sql.catalyst.util.PermissiveMode$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import io.fitscore.spark.line.SparkLine;

/** Turns one line's bytes into a row: directly when the line is plain, else by Spark's parser. */
final class CsvLineParser {

    private static final int STRING = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final int[] types;
    private final byte delimiter;
    private final int[] starts;
    private final int[] ends;
    /** Whether a quoted field has doubled quotes inside, which stand for one. */
    private final boolean[] escaped;
    private byte[] unescaped = new byte[256];
    private final UnsafeRowWriter writer;
    private final FailureSafeParser<String> spark;
    /** The field read without its edge space, or -1. */
    private final int trimmed;
    /** The value read by {@link #readLong} or {@link #readDouble}; avoids boxing on the hot path. */
    private long longValue;
    private double doubleValue;

    CsvLineParser(StructType schema, String malformedColumn, byte delimiter, Map<String, String> options, int trimmed) {
        this.trimmed = trimmed;
        this.types = Arrays.stream(schema.fields()).mapToInt(f -> typeOf(f.dataType())).toArray();
        StructType withMalformed = schema.add(malformedColumn, DataTypes.StringType, true);
        this.delimiter = delimiter;
        this.starts = new int[types.length];
        this.ends = new int[types.length];
        this.escaped = new boolean[types.length];
        this.writer = new UnsafeRowWriter(types.length + 1, 64 * types.length);
        Map<String, String> sparkOptions = new java.util.HashMap<>(options);
        sparkOptions.put("columnNameOfCorruptRecord", malformedColumn);
        // As Spark's CSV source reads when the malformed-row column is asked for: no column pruning.
        CSVOptions csv = new CSVOptions(SparkLine.map(sparkOptions), false, "UTC");
        UnivocityParser univocity = new UnivocityParser(schema, schema, csv);
        this.spark = new FailureSafeParser<>(new ParseLine(univocity), PermissiveMode$.MODULE$, withMalformed, malformedColumn);
    }

    private static int typeOf(DataType type) {
        if (type.equals(DataTypes.IntegerType)) {
            return INT;
        }
        if (type.equals(DataTypes.LongType)) {
            return LONG;
        }
        return type.equals(DataTypes.DoubleType) ? DOUBLE : STRING;
    }

    /** The row of a non-blank data line; the writer's row is reused for the next line. */
    InternalRow row(byte[] bytes, int length) {
        return readsDirectly(bytes, length) ? writer.getRow() : bySpark(bytes, length);
    }

    /** Whether the line is plain, which writes its row; else Spark's parser is to read it. */
    boolean readsDirectly(byte[] bytes, int length) {
        return split(bytes, length) && write(bytes);
    }

    /**
     * The field bounds of a plain line, or false when it has another number of fields or something Spark's parser
     * must judge: a control character, a quote inside an unquoted field or after a closing quote, an unclosed quote,
     * bytes that are not well-formed UTF-8. A quoted field's bounds are inside its quotes.
     */
    private boolean split(byte[] bytes, int length) {
        int field = 0;
        int i = 0;
        while (true) {
            if (field == types.length) {
                return false;
            }
            int start = i;
            if (i < length && bytes[i] == '"') {
                boolean doubled = false;
                int j = i + 1;
                while (true) {
                    if (j >= length) {
                        return false;
                    }
                    byte b = bytes[j];
                    if (b == '"') {
                        if (j + 1 < length && bytes[j + 1] == '"') {
                            doubled = true;
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (b < 0) {
                        j = utf8SequenceEnd(bytes, j, length);
                        if (j < 0) {
                            return false;
                        }
                        continue;
                    }
                    if (b < 0x20) {
                        return false;
                    }
                    j++;
                }
                starts[field] = start + 1;
                ends[field] = j;
                escaped[field++] = doubled;
                i = j + 1;
                if (i == length) {
                    break;
                }
                if (bytes[i] != delimiter) {
                    return false;
                }
                i++;
                continue;
            }
            while (i < length) {
                byte b = bytes[i];
                if (b == delimiter) {
                    break;
                }
                if (b < 0) {
                    i = utf8SequenceEnd(bytes, i, length);
                    if (i < 0) {
                        return false;
                    }
                    continue;
                }
                if (b == '"' || b < 0x20) {
                    return false;
                }
                i++;
            }
            starts[field] = start;
            ends[field] = i;
            escaped[field++] = false;
            if (i == length) {
                break;
            }
            i++;
        }
        return field == types.length;
    }

    private boolean write(byte[] bytes) {
        writer.reset();
        writer.zeroOutNullBytes();
        for (int i = 0; i < types.length; i++) {
            int start = starts[i];
            int end = ends[i];
            if (start == end) {
                writer.setNullAt(i);
                continue;
            }
            byte[] source = bytes;
            if (escaped[i]) {
                if (types[i] != STRING) {
                    return false;
                }
                end = unescape(bytes, start, end);
                start = 0;
                source = unescaped;
            }
            switch (types[i]) {
                case INT -> {
                    if (!readLong(bytes, start, end) || longValue != (int) longValue) {
                        return false;
                    }
                    writer.write(i, (int) longValue);
                }
                case LONG -> {
                    if (!readLong(bytes, start, end)) {
                        return false;
                    }
                    writer.write(i, longValue);
                }
                case DOUBLE -> {
                    if (!readDouble(bytes, start, end)) {
                        return false;
                    }
                    writer.write(i, doubleValue);
                }
                default -> {
                    if (i == trimmed) {
                        writeTrimmed(i, source, start, end);
                    } else {
                        writer.write(i, source, start, end - start);
                    }
                }
            }
        }
        writer.setNullAt(types.length);
        return true;
    }

    /** Copies a quoted value into {@link #unescaped} with each doubled quote as one; its length. */
    private int unescape(byte[] bytes, int start, int end) {
        if (unescaped.length < end - start) {
            unescaped = new byte[Math.max(end - start, 2 * unescaped.length)];
        }
        int length = 0;
        for (int i = start; i < end; i++) {
            unescaped[length++] = bytes[i];
            if (bytes[i] == '"') {
                i++; // split() saw that the next byte is the second quote of the pair
            }
        }
        return length;
    }

    /** A text value of a split (so well-formed) line without its edge space, as btrim over EdgeSpace leaves it. */
    private void writeTrimmed(int field, byte[] bytes, int start, int end) {
        int from = EdgeSpace.start(bytes, start, end);
        writer.write(field, bytes, from, EdgeSpace.end(bytes, from, end) - from);
    }

    /**
     * An optionally signed run of ASCII digits in the range of a long, read as Long.parseLong reads it (by
     * subtraction, so that the most negative long fits); false for anything else, which Spark's parser then reads
     * or rejects.
     */
    private boolean readLong(byte[] bytes, int start, int end) {
        int i = start;
        boolean negative = bytes[i] == '-';
        if (negative || bytes[i] == '+') {
            i++;
        }
        if (i == end) {
            return false;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long beforeLastDigit = limit / 10;
        long value = 0;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || value < beforeLastDigit) {
                return false;
            }
            value *= 10;
            if (value < limit + digit) {
                return false;
            }
            value -= digit;
        }
        longValue = negative ? value : -value;
        return true;
    }

    /**
     * A plain decimal number ([+-]digits[.digits][e[+-]digits]), as Double.parseDouble reads it: exactly, by one
     * correctly rounded multiplication or division when the digits and the power of ten are both exact doubles
     * (at most 15 significant digits, a power up to 22), else by Double.parseDouble itself. False for anything
     * else (spaces, NaN, Inf, hexadecimal, a type suffix), which Spark's parser then reads.
     */
    private boolean readDouble(byte[] bytes, int start, int end) {
        int i = start;
        boolean negative = false;
        if (bytes[i] == '-' || bytes[i] == '+') {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                digits++;
                if (point) {
                    fractionDigits++;
                }
                if (significant > 0 || b != '0') {
                    significant++;
                    if (significant <= 18) {
                        mantissa = mantissa * 10 + (b - '0');
                    }
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        int exponent = 0;
        if (i < end) {
            if (bytes[i] != 'e' && bytes[i] != 'E') {
                return false;
            }
            i++;
            boolean negativeExponent = false;
            if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i == end || end - i > 6) {
                return false;
            }
            for (; i < end; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    return false;
                }
                exponent = exponent * 10 + digit;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        double value;
        int power = exponent - fractionDigits;
        if (mantissa == 0 && significant == 0) {
            value = 0;
        } else if (significant <= 15 && power >= 0 && power < POWERS_OF_TEN.length) {
            value = mantissa * POWERS_OF_TEN[power];
        } else if (significant <= 15 && power < 0 && -power < POWERS_OF_TEN.length) {
            value = mantissa / POWERS_OF_TEN[-power];
        } else {
            value = Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
            doubleValue = value;
            return true;
        }
        doubleValue = negative ? -value : value;
        return true;
    }

    /** The line as Spark's CSV source reads it: decoded, parsed by univocity, permissive about what does not fit. */
    private InternalRow bySpark(byte[] bytes, int length) {
        String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
        scala.collection.Iterator<InternalRow> parsed = spark.parse(line);
        if (!parsed.hasNext()) {
            // Spark's permissive parser always gives one row per non-blank line; keep the line rather than lose it.
            throw new IllegalStateException("Spark's CSV parser gave no row for a line");
        }
        InternalRow row = parsed.next();
        writer.reset();
        writer.zeroOutNullBytes();
        for (int i = 0; i <= types.length; i++) {
            if (row.isNullAt(i)) {
                writer.setNullAt(i);
                continue;
            }
            switch (i == types.length ? STRING : types[i]) {
                case INT -> writer.write(i, row.getInt(i));
                case LONG -> writer.write(i, row.getLong(i));
                case DOUBLE -> writer.write(i, row.getDouble(i));
                default -> writer.write(i, i == trimmed ? EdgeSpace.trim(row.getUTF8String(i)) : row.getUTF8String(i));
            }
        }
        return writer.getRow();
    }

    /**
     * Whether the bytes are UTF-8 that Java's decoder takes as it is (no replacement characters): Unicode's well-formed
     * table; the check {@link #split} makes sequence by sequence, over a whole range.
     */
    static boolean wellFormedUtf8(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            i = bytes[i] >= 0 ? i + 1 : utf8SequenceEnd(bytes, i, end);
            if (i < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the UTF-8 sequence that starts with the non-ASCII byte at {@code i} ends (the index after it), or -1 when
     * it is not well-formed (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short by
     * {@code end}): the check Java's decoder makes, done while a line is split so that its bytes are read once.
     */
    private static int utf8SequenceEnd(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xFF;
        int more;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            more = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            more = 2;
            if (b == 0xE0) {
                low = 0xA0;
            } else if (b == 0xED) {
                high = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            more = 3;
            if (b == 0xF0) {
                low = 0x90;
            } else if (b == 0xF4) {
                high = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + more >= end) {
            return -1;
        }
        int second = bytes[i + 1] & 0xFF;
        if (second < low || second > high) {
            return -1;
        }
        for (int k = 2; k <= more; k++) {
            int next = bytes[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return i + more + 1;
    }

    /** Spark's per-line parse as the failure-safe parser takes it (an Option seen as a collection). */
    private static final class ParseLine extends scala.runtime.AbstractFunction1<String, scala.collection.Iterable<InternalRow>> {

        private final UnivocityParser parser;

        ParseLine(UnivocityParser parser) {
            this.parser = parser;
        }

        @Override
        public scala.collection.Iterable<InternalRow> apply(String line) {
            scala.Option<InternalRow> row = parser.parse().apply(line);
            return row.toList();
        }
    }
}
