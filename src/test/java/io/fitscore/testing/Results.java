package io.fitscore.testing;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the JSON-lines results under an S3 prefix, the way a downstream reader would. */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Results() {
    }

    public static List<JsonNode> read(TestS3 s3, String bucket, String prefix) {
        List<JsonNode> rows = new ArrayList<>();
        for (String key : s3.keys(bucket, prefix)) {
            if (key.endsWith(".json") && key.substring(prefix.length()).startsWith("part-")) {
                for (String line : s3.getString(bucket, key).split("\n")) {
                    if (!line.isBlank()) {
                        try {
                            rows.add(JSON.readTree(line));
                        } catch (Exception e) {
                            throw new IllegalStateException(key + ": not JSON: " + line, e);
                        }
                    }
                }
            }
        }
        return rows;
    }

    public static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
