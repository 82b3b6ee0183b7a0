package io.fitscore.sample;

import java.util.List;

/** Writes RFC 4180 CSV lines: fields with commas, quotes or line breaks are quoted. */
public final class CsvText {

    private CsvText() {
    }

    public static String line(List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                s.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                s.append(f);
            }
        }
        return s.append('\n').toString();
    }
}
