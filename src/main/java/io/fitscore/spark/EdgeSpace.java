package io.fitscore.spark;

import org.apache.spark.unsafe.types.UTF8String;

/**
 * The white space a join key loses at both ends: every character of the regular expression [\s\p{Z}\x{FEFF}] (white
 * space, Unicode separators, a BOM). The course titles end with U+00A0, which a plain trim keeps.
 */
final class EdgeSpace {

    /** The characters, for Spark's btrim, which strips a set of characters from both ends without a regular expression. */
    static final String CHARACTERS = characters();
    private static final UTF8String SET = UTF8String.fromString(CHARACTERS);

    private EdgeSpace() {
    }

    /** Which characters of the Basic Multilingual Plane (where all of them are) are edge space. */
    private static final boolean[] IN_SET = inSet();

    /** {@code text} without edge space, as btrim(text, CHARACTERS) gives it. */
    static UTF8String trim(UTF8String text) {
        return text.trim(SET);
    }

    /**
     * Where the value in {@code bytes[start, end)}, well-formed UTF-8, begins without its leading edge space. Read from
     * the bytes, without the string and the set lookups of {@link #trim}, which took about a sixth of a scan of
     * the course's kind of table (its titles end with U+00A0).
     */
    static int start(byte[] bytes, int start, int end) {
        while (start < end) {
            int b = bytes[start] & 0xFF;
            int length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (length == 4 || !IN_SET[codePoint(bytes, start, length)]) {
                break;
            }
            start += length;
        }
        return start;
    }

    /** Where the value in {@code bytes[start, end)}, well-formed UTF-8, ends without its trailing edge space. */
    static int end(byte[] bytes, int start, int end) {
        while (end > start) {
            int last = end - 1;
            while (last > start && (bytes[last] & 0xC0) == 0x80) {
                last--;
            }
            int length = end - last;
            if (length == 4 || !IN_SET[codePoint(bytes, last, length)]) {
                break;
            }
            end = last;
        }
        return end;
    }

    /** The code point of the one- to three-byte sequence at {@code i}. */
    private static int codePoint(byte[] bytes, int i, int length) {
        return switch (length) {
            case 1 -> bytes[i];
            case 2 -> (bytes[i] & 0x1F) << 6 | (bytes[i + 1] & 0x3F);
            default -> (bytes[i] & 0x0F) << 12 | (bytes[i + 1] & 0x3F) << 6 | (bytes[i + 2] & 0x3F);
        };
    }

    private static boolean[] inSet() {
        boolean[] in = new boolean[Character.MAX_VALUE + 1];
        CHARACTERS.chars().forEach(c -> in[c] = true);
        return in;
    }

    private static String characters() {
        StringBuilder chars = new StringBuilder(" \t\n\u000B\f\r\uFEFF");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            int type = Character.getType(c);
            if ((type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR)
                    && chars.indexOf(String.valueOf(c)) < 0) {
                chars.append(c);
            }
        }
        return chars.toString();
    }
}
