package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** The byte-level trim of a key's edge space leaves what Spark's btrim over the same characters leaves. */
class EdgeSpaceTest {

    /** Every edge-space character, and others of one to four UTF-8 bytes, some of them look-alikes (U+200B, U+180E, U+0085). */
    private static final String OTHERS = "aZ0_.-|éß\u00B7\u0085\u180E\u200B\u2060\u4E2D\uFEFE\uFFFD\uD83C\uDFAC";

    @Test
    void trimsWhatBtrimTrims() {
        Random random = new Random(29);
        int trimmedSomething = 0;
        for (int n = 0; n < 200_000; n++) {
            String text = randomText(random);
            // A value inside a line: other bytes before and after it, which the trim must not touch.
            byte[] line = ("x," + text + ",y").getBytes(StandardCharsets.UTF_8);
            int start = 2;
            int end = line.length - 2;
            int from = EdgeSpace.start(line, start, end);
            int to = EdgeSpace.end(line, from, end);
            String expected = EdgeSpace.trim(UTF8String.fromString(text)).toString();
            assertEquals(expected, new String(line, from, to - from, StandardCharsets.UTF_8), () -> text.codePoints()
                    .mapToObj(Integer::toHexString).toList().toString());
            trimmedSomething += expected.length() < text.length() ? 1 : 0;
        }
        // The draw is not degenerate: most values had edge space to lose.
        assertEquals(true, trimmedSomething > 100_000, "values trimmed: " + trimmedSomething);
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(7);
        for (int i = 0; i < length; i++) {
            boolean space = random.nextInt(3) > 0;
            String from = space ? EdgeSpace.CHARACTERS : OTHERS;
            int at = random.nextInt(from.length());
            if (Character.isHighSurrogate(from.charAt(at))) {
                text.append(from, at, at + 2);
            } else if (Character.isLowSurrogate(from.charAt(at))) {
                text.append(from, at - 1, at + 1);
            } else {
                text.append(from.charAt(at));
            }
        }
        return text.toString();
    }
}
