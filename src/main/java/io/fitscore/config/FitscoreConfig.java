package io.fitscore.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Typed view of every {@code fitscore.*} setting; defaults live in application.properties. */
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

    Spark spark();

    EmbeddedS3 embeddedS3();

    Health health();

    Lease lease();

    Log log();

    /** Log format: plain text by default; JSON lines (for CloudWatch) when configured. */
    interface Log {
        @WithDefault("false")
        boolean json();
    }

    /**
     * One run at a time per destination: a lease object beside each folder a run publishes to, created
     * with a conditional put and renewed while the run lives.
     */
    interface Lease {
        /** A lease not renewed for this long is taken to be a dead run's and may be taken over. */
        @WithDefault("300")
        int ttlSeconds();

        /**
         * How long a run waits for a live lease to end before it gives up with exit 9; 0 gives up at once. The
         * default outlasts the default time to live, so a retry after a killed run takes the dead run's lease over.
         */
        @WithDefault("360")
        int waitSeconds();
    }

    /** The optional HTTP health endpoint (/q/health) that reports the current stage of a run. */
    interface Health {
        @WithDefault("false")
        boolean enabled();

        /** Loopback by default; a container that wants it reachable sets 0.0.0.0. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("8080")
        int port();

        /** A log line every this many seconds while a stage runs; 0 turns the heartbeat off. */
        @WithDefault("30")
        int heartbeatSeconds();
    }

    /** AWS connection settings; keys come from the environment and are never logged. */
    interface Aws {
        @WithDefault("eu-west-1")
        String region();

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        Optional<String> sessionToken();
    }

    /** How the CSV inputs are parsed. */
    interface Csv {
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

    /** Spark session settings. */
    interface Spark {
        /** The master: spark-submit's (its {@code spark.master} system property) when launched by it, else local[*]. */
        @WithDefault("${spark.master:local[*]}")
        String master();

        /**
         * Partitions of every shuffle (the dedup/join and what follows). Unset: one per
         * {@link #bytesPerShufflePartition()} of input, at least one per core.
         */
        OptionalInt shufflePartitions();

        /** Input bytes per shuffle partition when {@link #shufflePartitions()} is unset (128 MiB, as an HDFS block). */
        @WithDefault("134217728")
        long bytesPerShufflePartition();

        /**
         * Inputs smaller than this in all (bytes) run with small-data settings: no adaptive re-planning and
         * interpreted instead of generated code, which cost more than they save on a few MB. 0 turns it off.
         */
        @WithDefault("67108864")
        long smallInputBytes();

        /**
         * On small inputs (see {@link #smallInputBytes()}), turn the JVM's optimising compiler off for the rest
         * of the run: its compilations cost a small run more CPU than they save.
         */
        @WithDefault("true")
        boolean quickJit();

        /**
         * Where each run makes its scratch folder (Spark's shuffle and spill files, s3a's upload buffers),
         * removed when the run ends. Unset: the JVM's temporary folder. Give it room for a few times the input.
         */
        Optional<String> scratchDir();

        /** Any further spark.* settings, passed through as they are. */
        @WithName("conf")
        Map<String, String> conf();
    }

    /** A local S3Proxy server seeded with generated sample data (dev mode's default). */
    interface EmbeddedS3 {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("9755")
        int port();

        /** Where the server keeps its objects; empty means in memory. */
        Optional<String> dataDir();

        /** Path of the S3Proxy jar-with-dependencies. */
        @WithDefault("target/s3proxy/s3proxy.jar")
        String jar();

        /** Movies generated for the sample inputs. */
        @WithDefault("2000")
        int sampleMovies();
    }
}
