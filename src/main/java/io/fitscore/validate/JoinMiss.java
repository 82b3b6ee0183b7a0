package io.fitscore.validate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Why two inputs share no join key, from a sample of each side's distinct keys: the likely cause, not the symptom.
 * Keys that match once folded the same way name the fold (letter case, quotes, text decoded in the wrong encoding,
 * differing non-ASCII characters); else the message shows a few keys of each side, so that a user sees at a glance
 * whether they are the same kind of thing at all.
 */
public final class JoinMiss {

    /** Keys shown of each side when no fold explains the miss. */
    static final int SHOWN = 3;
    private static final Pattern EDGE = Pattern.compile("^[\\s\\p{Z}\\x{FEFF}\\x{FFFD}]+|[\\s\\p{Z}\\x{FEFF}\\x{FFFD}]+$");

    private JoinMiss() {
    }

    /**
     * The likely cause that the keys of {@code left} (sampled: {@code leftKeys}) and of {@code right} never meet,
     * as a clause for the message that no row survives the join.
     *
     * @param encoding the encoding the inputs were decoded with
     */
    public static String cause(String left, List<String> leftKeys, String right, List<String> rightKeys, String encoding) {
        Set<String> l = new LinkedHashSet<>(leftKeys);
        Set<String> r = new LinkedHashSet<>(rightKeys);
        if (l.isEmpty() || r.isEmpty()) {
            return (l.isEmpty() ? left : right) + " has no row with a key";
        }
        /** A way two keys may differ: the keys of each side as they read once that difference is taken out. */
        record Fold(String cause, UnaryOperator<String> leftFold, UnaryOperator<String> rightFold) {
        }
        Charset charset = Charset.forName(encoding);
        List<Fold> folds = new ArrayList<>(List.of(
                new Fold("the keys differ only in letter case", JoinMiss::lowerCase, JoinMiss::lowerCase),
                new Fold("the keys differ only by the quotes around them", JoinMiss::unquoted, JoinMiss::unquoted)));
        // Decoded as UTF-8 already, there is no misreading of UTF-8 to undo.
        if (!charset.equals(StandardCharsets.UTF_8)) {
            String misread = " is UTF-8 but was decoded as " + encoding + " (its keys match once their bytes are read as UTF-8)";
            folds.add(new Fold(left + misread, k -> readAsUtf8(k, charset), JoinMiss::trimmed));
            folds.add(new Fold(right + misread, JoinMiss::trimmed, k -> readAsUtf8(k, charset)));
        }
        folds.add(new Fold("the keys differ only in their non-ASCII characters: the inputs are in different encodings (one of them"
                + " is likely not " + encoding + ")", JoinMiss::asciiOnly, JoinMiss::asciiOnly));
        for (Fold fold : folds) {
            Set<String> folded = r.stream().map(fold.rightFold()).collect(Collectors.toSet());
            List<String> matching = l.stream().filter(k -> folded.contains(fold.leftFold().apply(k))).toList();
            if (!matching.isEmpty()) {
                String example = matching.get(0);
                String partner = r.stream().filter(k -> fold.rightFold().apply(k).equals(fold.leftFold().apply(example))).findFirst()
                        .orElse("");
                return fold.cause() + ": " + matching.size() + " of " + l.size() + " sampled keys of " + left + " match, e.g. "
                        + shown(example) + " and " + shown(partner);
            }
        }
        return "no key of " + left + " is a key of " + right + "; keys of " + left + ": " + sample(l) + "; of " + right + ": "
                + sample(r);
    }

    private static String sample(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (out.size() == SHOWN) {
                break;
            }
            out.add(shown(k));
        }
        return String.join(", ", out) + (keys.size() > SHOWN ? ", ..." : "");
    }

    /** A key as the message shows it: quoted, with invisible and non-ASCII characters as Unicode escapes. */
    static String shown(String key) {
        StringBuilder out = new StringBuilder("'");
        key.codePoints().limit(60).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (Character.isLetterOrDigit(c)) {
                out.appendCodePoint(c).append(String.format(Locale.ROOT, "(U+%04X)", c));
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
            }
        });
        return out.append(key.length() > 60 ? "...'" : "'").toString();
    }

    private static String trimmed(String key) {
        return EDGE.matcher(key).replaceAll("");
    }

    private static String lowerCase(String key) {
        return trimmed(key).toLowerCase(Locale.ROOT);
    }

    private static String unquoted(String key) {
        String t = trimmed(key);
        while (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = trimmed(t.substring(1, t.length() - 1));
        }
        return t;
    }

    /**
     * The key as it reads when its characters are taken back to the bytes {@code decoded} (the single-byte encoding the
     * inputs were read in) made them from, and those bytes read as UTF-8, a sequence the join's edge trim cut short
     * dropped at either end. A key whose bytes are not UTF-8 that way stays as it is: no misreading of UTF-8 made it.
     */
    private static String readAsUtf8(String key, Charset decoded) {
        try {
            ByteBuffer encoded = decoded.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(key));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            int start = 0;
            int end = bytes.length;
            // A UTF-8 sequence cut at the start leaves continuation bytes (10xxxxxx); cut at the end, a lead byte and
            // fewer continuation bytes than it announces.
            while (start < end && (bytes[start] & 0xC0) == 0x80) {
                start++;
            }
            for (int back = 1; back <= 3 && end - back >= start; back++) {
                int b = bytes[end - back] & 0xFF;
                if (b >= 0xC0) {
                    int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                    if (length > back) {
                        end -= back;
                    }
                    break;
                }
                if ((b & 0xC0) != 0x80) {
                    break;
                }
            }
            return trimmed(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
        } catch (CharacterCodingException e) {
            return trimmed(key);
        }
    }

    private static String asciiOnly(String key) {
        StringBuilder out = new StringBuilder();
        trimmed(key).codePoints().forEach(c -> out.append(c < 0x80 ? (char) c : '?'));
        // A run of replaced characters is one: one character may have been one byte on one side and two on the other.
        return out.toString().replaceAll("\\?+", "?");
    }
}
