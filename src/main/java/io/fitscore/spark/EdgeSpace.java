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

    /** {@code text} without edge space, as btrim(text, CHARACTERS) gives it. */
    static UTF8String trim(UTF8String text) {
        return text.trim(SET);
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
