package io.fitscore.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The cause a join that matched nothing is reported with: the fold under which the keys meet, else samples of both sides. */
class JoinMissTest {

    private static final List<String> TITLES = List.of("Avatar", "Amélie", "Spectre", "Léon: The Professional");
    /** Titles whose bytes differ between encodings (a real join would have matched the plain ASCII ones). */
    private static final List<String> ACCENTED = List.of("Amélie", "Léon: The Professional", "Pokémon", "Café Society");

    /** What a UTF-8 key becomes when its bytes are decoded as {@code charset}, then trimmed at the edges as the join trims. */
    private static String misread(String utf8, String charset) {
        return new String(utf8.getBytes(StandardCharsets.UTF_8), java.nio.charset.Charset.forName(charset)).strip();
    }

    @Test
    void aUtf8FileReadAsLatin1IsNamed() {
        // The course's titles end in U+00A0: read as Latin-1 that is "Â" and a no-break space, which the join's trim cuts.
        List<String> left = TITLES.stream().map(t -> misread(t + "\u00a0", "ISO-8859-1").replaceAll("[\\s\\p{Z}]+$", "")).toList();
        String cause = JoinMiss.cause("pre.csv", left, "after.csv", TITLES, "ISO-8859-1");
        assertTrue(cause.startsWith("pre.csv is UTF-8 but was decoded as ISO-8859-1"), cause);
        assertTrue(cause.contains("4 of 4 sampled keys"), cause);

        String other = JoinMiss.cause("pre.csv", ACCENTED, "after.csv", ACCENTED.stream().map(t -> misread(t, "windows-1252")).toList(),
                "windows-1252");
        assertTrue(other.startsWith("after.csv is UTF-8 but was decoded as windows-1252"), other);
    }

    @Test
    void aLatin1FileReadAsUtf8IsNamedAsAnEncodingMismatch() {
        List<String> replaced = ACCENTED.stream().map(t -> new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).toList();
        String cause = JoinMiss.cause("a.csv", ACCENTED, "b.csv", replaced, "UTF-8");
        assertTrue(cause.startsWith("the keys differ only in their non-ASCII characters"), cause);
        assertTrue(cause.contains("4 of 4"), cause);
    }

    @Test
    void caseAndQuotesAreNamed() {
        assertTrue(JoinMiss.cause("a", TITLES, "b", TITLES.stream().map(t -> t.toUpperCase(java.util.Locale.ROOT)).toList(), "UTF-8")
                .startsWith("the keys differ only in letter case"));
        assertTrue(JoinMiss.cause("a", TITLES.stream().map(t -> "'" + t + "'").toList(), "b", TITLES, "UTF-8")
                .startsWith("the keys differ only by the quotes around them"));
    }

    @Test
    void unrelatedKeysShowASampleOfEachSide() {
        String cause = JoinMiss.cause("a.csv", List.of("1", "2", "3", "4"), "b.csv", TITLES, "UTF-8");
        assertTrue(cause.startsWith("no key of a.csv is a key of b.csv; keys of a.csv: '1', '2', '3', ...; of b.csv: 'Avatar', "
                + "'Am\u00e9(U+00E9)lie'"), cause);
        assertTrue(JoinMiss.cause("a.csv", List.of(), "b.csv", TITLES, "UTF-8").equals("a.csv has no row with a key"));
    }
}
