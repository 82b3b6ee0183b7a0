package io.fitscore.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

/**
 * The one JSON mapper of every document fitscore writes or reads (metrics.json, features.json, provenance.json,
 * leases, the report's data, XGBoost's tree dumps): snake_case names, indented, java.time and Optional as values,
 * dates as ISO text, and unknown properties ignored, so that an older fitscore reads a newer one's files.
 */
public final class JsonDocuments {

    /** Configured once here and never changed afterwards (an ObjectMapper is thread-safe to share once configured). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module()).addModule(new JavaTimeModule()).addModule(new ParameterNamesModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonDocuments() {
    }
}
