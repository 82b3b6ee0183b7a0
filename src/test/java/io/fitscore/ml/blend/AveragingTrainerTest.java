package io.fitscore.ml.blend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.Candidate;
import io.fitscore.ml.CompiledModel;
import io.fitscore.ml.CompiledModelTest;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

class AveragingTrainerTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);

    @Test
    void theBlendIsTheMeanOfItsMembersKeepsTheirProvenanceAndSurvivesTheSavedModelFormat() throws Exception {
        Table table = CompiledModelTest.mixed(500, 21);
        Candidate blend = Candidate.autoCandidates(TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", "blend",
                "fitscore.trainer.boosting.rounds", "50"))).get(0);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows().subList(0, 400), SPEC, blend.trainers(), 1, "test");
        WeightedEnsembleModel<Regressor> model = (WeightedEnsembleModel<Regressor>) fitted.model();
        assertEquals(2, model.getNumModels());
        assertTrue(model.getModels().stream().allMatch(m -> m instanceof XGBoostModel<?>), "boosting and XGBoost's forest");
        assertEquals(2, ((EnsembleModelProvenance) model.getProvenance()).getMemberProvenance().getList().size());

        List<List<Object>> rows = table.rows().subList(400, 500);
        double[] blended = CompiledModel.of(model, fitted.pipeline(), table.columns()).predict(rows);
        double[] boosted = CompiledModel.of(model.getModels().get(0), fitted.pipeline(), table.columns()).predict(rows);
        double[] forest = CompiledModel.of(model.getModels().get(1), fitted.pipeline(), table.columns()).predict(rows);
        int differing = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals((boosted[i] + forest[i]) / 2, blended[i], 1e-9, "row " + i);
            differing += Math.abs(boosted[i] - forest[i]) > 1e-6 ? 1 : 0;
        }
        assertNotEquals(0, differing, "the members predict differently, so the mean is not either of them");

        // The run stores the model as Tribuo protobuf and `score` reads it back.
        @SuppressWarnings("unchecked")
        Model<Regressor> reloaded = (Model<Regressor>) Model.deserialize(ModelProto.parseFrom(model.serialize().toByteArray()));
        double[] again = CompiledModel.forBulkScoring(reloaded, fitted.pipeline(), table.columns()).predict(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(blended[i], again[i], 0.0, "row " + i + " after a save and load");
        }
    }
}
