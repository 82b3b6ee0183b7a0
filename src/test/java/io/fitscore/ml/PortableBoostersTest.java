package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import io.fitscore.json.JsonDocuments;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** The UBJSON boosters load in XGBoost alone and predict what fitscore predicts, the blend as their mean. */
public class PortableBoostersTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);

    @Test
    void boostedModelsAndTheBlendPredictTheSameFromUbjson() throws Exception {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "60"));
        assertSame(p -> TestTrainers.create("xgboost", cfg, Set.of()), SPEC, 1);
        Candidate blend = Candidate.autoCandidates(TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", Candidate.BLEND,
                "fitscore.trainer.boosting.rounds", "60"))).get(0);
        assertSame(blend.trainers(), blend.featureSpec(SPEC), 2);
        ModelTrainer.Fitted linear = ModelTrainer.fit(CompiledModelTest.mixed(200, 2), CompiledModelTest.mixed(200, 2).rows(), SPEC,
                p -> TestTrainers.create("elastic-net", cfg, Set.of()), 1, "test");
        assertEquals(List.of(), PortableBoosters.of(linear.model()), "no booster in a linear model");
    }

    private static void assertSame(ModelTrainer.TrainerSource trainers, FeatureSpec spec, int boosters) throws Exception {
        Table table = CompiledModelTest.mixed(900, 8);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows().subList(0, 600), spec, trainers, 1, "test");
        List<byte[]> ubj = PortableBoosters.of(fitted.model());
        assertEquals(boosters, ubj.size());
        List<List<Object>> rows = table.rows().subList(600, 900);
        double[] expected = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(rows);
        double[] mean = new double[rows.size()];
        for (byte[] bytes : ubj) {
            assertEquals('{', (char) bytes[0], "UBJSON opens an object");
            Booster booster = XGBoost.loadModel(bytes);
            List<String> names = JsonDocuments.MAPPER.readValue(booster.getAttr(PortableBoosters.FEATURES), new TypeReference<List<String>>() { });
            assertEquals(fitted.model().getFeatureIDMap().size(), names.size());
            // Encode by the names the booster carries, as a user outside fitscore would.
            FeatureVectors vectors = FeatureVectors.inModelSpace(fitted.pipeline(), table.columns(), names::indexOf, names.size());
            double[] encoded = new double[rows.size() * names.size()];
            for (int r = 0; r < rows.size(); r++) {
                vectors.encode(rows.get(r), encoded, r * names.size(), Double.NaN);
            }
            float[] asFloat = new float[encoded.length];
            for (int i = 0; i < encoded.length; i++) {
                asFloat[i] = (float) encoded[i];
            }
            DMatrix matrix = new DMatrix(asFloat, rows.size(), names.size(), Float.NaN);
            float[][] predicted = booster.predict(matrix);
            matrix.dispose();
            booster.dispose();
            for (int r = 0; r < rows.size(); r++) {
                mean[r] += predicted[r][0] / ubj.size();
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(expected[r], fitted.pipeline().unscale(mean[r]), 1e-5, "row " + r);
        }
        assertTrue(rows.size() > 0);
    }
}
