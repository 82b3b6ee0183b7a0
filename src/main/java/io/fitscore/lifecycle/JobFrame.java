package io.fitscore.lifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.StructType;

import io.fitscore.storage.ObjectStore;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.FitscoreException;
import io.fitscore.health.RunProgress;
import io.fitscore.publish.LeaseConfig;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.InputRows;
import io.fitscore.spark.RunSession;
import io.fitscore.spark.SparkConfig;
import io.fitscore.storage.StorageUri;

/**
 * What a job's stages work with, and nothing of any one job: the run's settings, the clock, the Spark session,
 * the validated inputs and their shared CSV reading, the staging of the job's destinations, and provenance.
 */
public final class JobFrame {
    private final RunSettings run;
    private final FitscoreConfig config;
    private final SparkConfig sparkConfig;
    private final LeaseConfig lease;
    private final String credentialsKind;
    private final String version;
    private final String runId;
    private final StageClock clock;
    private final Interruption interruption;
    private final RunProgress progress;
    private final RunSession spark;
    private final List<ObjectStore.ObjectInfo> inputObjects;
    private final Map<StorageUri, List<String>> inputLines;
    private final Map<StorageUri, StructType> inputSchemas;
    private final Map<StorageUri, StorageUri> staging;

    JobFrame(RunSettings run, FitscoreConfig config, SparkConfig sparkConfig, LeaseConfig lease, String credentialsKind, String version, String runId, StageClock clock,
            Interruption interruption, RunProgress progress, RunSession spark, List<ObjectStore.ObjectInfo> inputObjects,
            Map<StorageUri, List<String>> inputLines, Map<StorageUri, StructType> inputSchemas, Map<StorageUri, StorageUri> staging) {
        this.run = run;
        this.config = config;
        this.sparkConfig = sparkConfig;
        this.lease = lease;
        this.credentialsKind = credentialsKind;
        this.version = version;
        this.runId = runId;
        this.clock = clock;
        this.interruption = interruption;
        this.progress = progress;
        this.spark = spark;
        this.inputObjects = inputObjects;
        this.inputLines = inputLines;
        this.inputSchemas = inputSchemas;
        this.staging = Map.copyOf(staging);
    }

    public RunSettings run() {
        return run;
    }

    public StageClock clock() {
        return clock;
    }

    public RunSession spark() {
        return spark;
    }

    /** Each input's URI, ETag and size, as validated. */
    public List<ObjectStore.ObjectInfo> inputObjects() {
        return inputObjects;
    }

    /** The settings the job ran with, for metrics.json and provenance.json (credentials by kind only): every job's and its own. */
    public Map<String, Object> effectiveConfig(Map<String, Object> jobSettings) {
        return EffectiveConfig.describe(run, config, sparkConfig, lease, credentialsKind, jobSettings);
    }

    /** The version of fitscore running this job. */
    public String fitscoreVersion() {
        return version;
    }

    /** What provenance.json records of every job: version, run date, inputs as validated, output, config. */
    public Map<String, Object> provenance(Map<String, Object> effectiveConfig) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("fitscore_version", version);
        // The id this run's staging folders and leases carry: another run's "held by" line names it.
        p.put("run_id", runId);
        p.put("run_date", run.runDate().toString());
        p.put("inputs", inputObjects);
        p.put("output", run.output().toString());
        p.put("config", effectiveConfig);
        return p;
    }

    /** Stops the job between steps when SIGTERM came. */
    public void checkInterrupted() {
        interruption.check();
    }

    /** Before each step of a long stage: stops an interrupted run there, and reports the step. */
    public void step(String step, int done, int total) {
        interruption.check();
        progress.step(step, done, total);
    }

    /**
     * Where to write what goes to {@code destination}, one of the job's declared destinations: a fresh staging
     * prefix beside it, promoted there after the job's stages.
     */
    public StorageUri staging(StorageUri destination) {
        StorageUri s = staging.get(destination);
        if (s == null) {
            throw new FitscoreException(io.fitscore.failure.ExitCode.UNEXPECTED, destination + " is not one of the job's destinations");
        }
        return s;
    }

    /** read-join: the inputs read and joined in Spark; nothing comes to the driver but counts. */
    public InputRows readJoin(String target, boolean targetRequired) {
        InputRows joined = clock.time("read-join", () -> csvReader().readAndJoin(run.inputs(), run.joinKey(), target, targetRequired));
        clock.rows("joined", joined.rowCount());
        return joined;
    }

    /** read-union: the inputs read and stacked by column name in Spark (logs over many files); nothing comes to the driver but counts. */
    public InputRows readUnion() {
        InputRows read = clock.time("read-union", () -> csvReader().readUnion(run.inputs()));
        clock.rows("read", read.rowCount());
        return read;
    }

    private InputReader csvReader() {
        FitscoreConfig.Csv csv = config.csv();
        return new InputReader(spark.spark(), csv.delimiter(), csv.types(), inputLines, inputSchemas, csv.encoding()).withFiles(patternFiles());
    }

    /**
     * Each pattern input's files as validation listed them. Spark then reads the files validation saw, and given a
     * list it does not look for a streaming sink's metadata folder at a path with a {@code *}, which fails on S3
     * with a warning on every run.
     */
    private Map<StorageUri, List<StorageUri>> patternFiles() {
        Map<StorageUri, List<StorageUri>> out = new java.util.HashMap<>();
        for (StorageUri input : run.inputs()) {
            if (!input.key().contains("*")) {
                continue;
            }
            List<StorageUri> files = inputObjects.stream().map(o -> StorageUri.parse("input", o.uri()))
                    .filter(f -> f.scheme().equals(input.scheme()) && f.bucket().equals(input.bucket()) && input.names(f.key())).toList();
            if (!files.isEmpty()) {
                out.put(input, files);
            }
        }
        return out;
    }
}
