package io.fitscore.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * The first bytes of a CSV input split into records (RFC 4180 quoting; records end at LF, CRLF or CR), enough to check its header
 * and a sample of rows before Spark reads the whole file. A record cut off by the end of the sample
 * is dropped, unless the sample is the whole file (then an open quote is an error).
 */
final class CsvSample {

    /** A parsed record and the line it starts on (1-based). */
    record Record(List<String> fields, int line) {
    }

    final List<Record> records = new ArrayList<>();
    /** The whole file ended inside a quoted field. */
    boolean unbalancedQuote;
    int unbalancedQuoteLine;

    static CsvSample parse(String text, char delimiter, boolean wholeFile) {
        CsvSample sample = new CsvSample();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n' || c == '\r' && !followedByLineFeed(text, i)) {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                quoteLine = line;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r' && !followedByLineFeed(text, i)) {
                // A record ends at LF, CRLF or a lone CR (old Mac files), as Spark's line reader splits them.
                fields.add(field.toString());
                field.setLength(0);
                sample.records.add(new Record(fields, recordLine));
                fields = new ArrayList<>();
                line++;
                recordLine = line;
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (quoted) {
            sample.unbalancedQuote = wholeFile;
            sample.unbalancedQuoteLine = quoteLine;
        } else if (wholeFile && (field.length() > 0 || !fields.isEmpty())) {
            fields.add(field.toString());
            sample.records.add(new Record(fields, recordLine));
        }
        return sample;
    }

    private static boolean followedByLineFeed(String text, int i) {
        return i + 1 < text.length() && text.charAt(i + 1) == '\n';
    }
}
