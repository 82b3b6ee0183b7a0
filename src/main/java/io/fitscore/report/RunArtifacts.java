package io.fitscore.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;

import io.fitscore.storage.ObjectStore;
import io.fitscore.storage.StorageUri;
import io.fitscore.drift.DataProfile;
import io.fitscore.ml.FeaturePipeline;
import io.fitscore.ml.PredictionInterval;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.json.JsonDocuments;

/**
 * The files of one run's artifacts folder ({@code <artifacts>/<run-date>/}): the model (Tribuo
 * protobuf), features.json (how raw columns became features), provenance.json and metrics.json.
 */
@ApplicationScoped
public class RunArtifacts {

    public static final String MODEL = "model.tribuo";
    public static final String FEATURES = "features.json";
    public static final String ONNX = "model.onnx";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.json";
    public static final String REPORT = "report.html";
    static final int FEATURES_FORMAT = 1;
    private static final Pattern DATE_FOLDER = Pattern.compile("\\d{4}-\\d{2}-\\d{2}/");

    /**
     * features.json: the fitted pipeline plus what is needed to rebuild the input table, and the prediction interval the
     * model's results carry (absent when the run wrote none).
     */
    public record FeaturesFile(int format, String target, String keyColumn, List<String> carriedColumns,
            FeaturePipeline pipeline, PredictionInterval interval, Map<String, Double> featureMeans) {
    }

    @Inject
    ObjectStore store;

    private static ObjectMapper json() {
        return JsonDocuments.MAPPER;
    }

    public void writeModel(StorageUri folder, Model<Regressor> model) {
        store.put(folder.resolve(MODEL), model.serialize().toByteArray(), "application/x-protobuf");
    }

    /**
     * The model's XGBoost boosters as UBJSON: {@code model.ubj}, or {@code model.0.ubj}, {@code model.1.ubj} for a blend;
     * returns the files' names.
     */
    public List<String> writeBoosters(StorageUri folder, List<byte[]> boosters) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < boosters.size(); i++) {
            String name = boosters.size() == 1 ? "model.ubj" : "model." + i + ".ubj";
            store.put(folder.resolve(name), boosters.get(i), "application/ubjson");
            names.add(name);
        }
        return names;
    }

    /** The whole model as ONNX ({@code model.onnx}), nothing when it has no ONNX form ({@code onnx} null); returns the file's name, if any. */
    public List<String> writeOnnx(StorageUri folder, byte[] onnx) {
        if (onnx == null) {
            return List.of();
        }
        store.put(folder.resolve(ONNX), onnx, "application/onnx");
        return List.of(ONNX);
    }

    public void writeFeatures(StorageUri folder, FeaturesFile features) {
        store.put(folder.resolve(FEATURES), bytes(features), "application/json");
    }

    public void writeProvenance(StorageUri folder, Model<Regressor> model, Map<String, Object> run) {
        Map<String, Object> provenance = new LinkedHashMap<>(run);
        provenance.put("model", ProvenanceUtil.convertToMap(model.getProvenance()));
        store.put(folder.resolve(PROVENANCE), bytes(provenance), "application/json");
    }

    /** metrics.json is written last: its presence says the run's artifacts are complete. */
    public void writeMetrics(StorageUri folder, JobReport report) {
        store.put(folder.resolve(METRICS), bytes(report), "application/json");
    }

    /** Any JSON document of a job's artifacts (written in the same style as metrics.json). */
    public void writeJson(StorageUri folder, String name, Object document) {
        store.put(folder.resolve(name), bytes(document), "application/json");
    }

    /** A small text artifact, e.g. a CSV matrix. */
    public void writeText(StorageUri folder, String name, String text, String contentType) {
        store.put(folder.resolve(name), text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
    }

    /**
     * The profile of the latest run before {@code runDate} under the artifacts prefix that stored one (a date folder's
     * profile.json; a folder that is not a run date is not looked at); empty when there is none, or when it is not
     * readable (a run must not fail because an old artifact is damaged: it is then compared with nothing, and says so).
     */
    public Optional<DataProfile> latestProfileBefore(StorageUri artifacts, String runDate) {
        String latest = runDatesWith(artifacts, DataProfile.FILE).lower(runDate);
        if (latest == null) {
            return Optional.empty();
        }
        StorageUri location = artifacts.resolve(latest + "/" + DataProfile.FILE);
        try {
            return Optional.of(json().readValue(store.get(location), DataProfile.class));
        } catch (java.io.IOException e) {
            Logger.getLogger(RunArtifacts.class).warnf("%s: not a readable profile (%s); drift is not measured",
                    location, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The run dates under an artifacts prefix whose date folder ({@code yyyy-mm-dd/}) holds {@code file}, oldest first:
     * staging folders and other folders are not runs.
     */
    public TreeSet<String> runDatesWith(StorageUri artifacts, String file) {
        TreeSet<String> dates = new TreeSet<>();
        for (String key : store.list(artifacts)) {
            int slash = key.indexOf('/');
            if (slash > 0 && DATE_FOLDER.matcher(key.substring(0, slash + 1)).matches() && key.substring(slash + 1).equals(file)) {
                dates.add(key.substring(0, slash));
            }
        }
        return dates;
    }

    /** Loads a model this job wrote (only those: protobuf, checked to be a regression model). */
    public Model<Regressor> readModel(StorageUri folder) {
        StorageUri location = folder.resolve(MODEL);
        byte[] bytes = store.get(location);
        try {
            Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
            if (!model.validate(Regressor.class)) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, location + ": not a regression model");
            }
            @SuppressWarnings("unchecked")
            Model<Regressor> regression = (Model<Regressor>) model;
            return regression;
        } catch (FitscoreException e) {
            throw e;
        } catch (Exception e) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, location + ": not a Tribuo model written by fitscore ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The job whose artifacts a run-date folder holds, from its metrics.json ("job"; a training run's has none):
     * empty when the folder holds no readable metrics.json.
     */
    public java.util.Optional<String> jobOf(StorageUri folder) {
        return store.getIfExists(folder.resolve(METRICS)).flatMap(metrics -> {
            try {
                return java.util.Optional.of(json().readTree(metrics.content()).path("job").asText("run"));
            } catch (java.io.IOException e) {
                return java.util.Optional.empty(); // not fitscore's: the publish replaces it as any other object there
            }
        });
    }

    public FeaturesFile readFeatures(StorageUri folder) {
        StorageUri location = folder.resolve(FEATURES);
        byte[] bytes = store.get(location);
        try {
            FeaturesFile features = json().readValue(bytes, FeaturesFile.class);
            if (features.format() != FEATURES_FORMAT) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, location + ": format " + features.format()
                        + " is not the supported " + FEATURES_FORMAT);
            }
            return features;
        } catch (FitscoreException e) {
            throw e;
        } catch (Exception e) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, location + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json().writeValueAsBytes(value);
        } catch (Exception e) {
            throw new FitscoreException(ExitCode.UNEXPECTED, "cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
