package io.fitscore.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings every job reads: its inputs, outputs and run date, how storage is reached (endpoint, credentials,
 * region) and how CSV is parsed. The course's values are in application.properties; every other default is here.
 */
@ConfigMapping(prefix = "fitscore")
public interface FitscoreConfig {

    /** Input CSV URIs (s3://, s3a://, file://), comma-separated. */
    List<String> inputs();

    /** Column the inputs are joined on; absent for a single input table. */
    Optional<String> joinKey();

    /** Numeric column to predict. */
    String target();

    /** Prefix that receives the scored rows as JSON lines, and nothing else. */
    String output();

    /** Prefix that receives metrics.json and the model. */
    String artifacts();

    /** The run's date (yyyy-MM-dd); names the run's artifacts folder. Default: today in UTC. */
    Optional<String> runDate();

    /** flat: results directly under the output prefix; dated: under {@code <output>/run_date=<date>/}. */
    @WithDefault("flat")
    String outputLayout();

    /** S3-compatible endpoint (e.g. http://127.0.0.1:9000); path-style addressing is used when set. */
    Optional<String> s3Endpoint();

    /** How AWS credentials are chosen: auto, static, default, profile, container, instance-profile, web-identity. */
    @WithDefault("auto")
    String credentials();

    Aws aws();

    Csv csv();

    Log log();

    /** Log format: plain text by default; JSON lines (for CloudWatch) when configured. */
    interface Log {
        /** JSON log lines (for CloudWatch Logs Insights) instead of plain text. */
        @WithDefault("false")
        boolean json();
    }

    /** AWS connection settings; keys come from the environment and are never logged. */
    interface Aws {
        /** The region of the buckets (application.properties reads it from {@code AWS_REGION}). */
        @WithDefault("eu-west-1")
        String region();

        /** An explicit access key (from {@code AWS_ACCESS_KEY_ID}); unset: the credentials setting decides. */
        Optional<String> accessKeyId();

        /** Its secret (from {@code AWS_SECRET_ACCESS_KEY}). */
        Optional<String> secretAccessKey();

        /** A session token for temporary keys (from {@code AWS_SESSION_TOKEN}). */
        Optional<String> sessionToken();
    }

    /** How the CSV inputs are parsed. */
    interface Csv {
        /** The field delimiter, one character. */
        @WithDefault(",")
        String delimiter();

        /** Declared column types (column -> double|long|string) that override inference. */
        Map<String, String> types();

        /**
         * The inputs' character encoding, any name Java knows (e.g. windows-1252, ISO-8859-1 for spreadsheet exports);
         * validation decodes with it and Spark is given it (its CSV option encoding).
         */
        @WithDefault("UTF-8")
        String encoding();
    }
}
