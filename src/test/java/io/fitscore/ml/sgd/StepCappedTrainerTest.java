package io.fitscore.ml.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;

import io.fitscore.ml.CompiledModelTest;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

class StepCappedTrainerTest {

    @Test
    void passesShrinkWithTheRowsOnceTheStepsAreCapped() {
        assertEquals(100, StepCappedTrainer.epochs(100, 2_000_000, 786), "the course data: every epoch");
        assertEquals(100, StepCappedTrainer.epochs(100, 2_000_000, 20_000), "auto's largest comparison: every epoch");
        assertEquals(9, StepCappedTrainer.epochs(100, 2_000_000, 225_000), "rounded up: 8.9 passes make 9");
        assertEquals(1, StepCappedTrainer.epochs(100, 2_000_000, 5_000_000), "at least one pass");
    }

    @Test
    void theModelRecordsThePassesItMade() {
        Table table = CompiledModelTest.mixed(400, 31);
        FeatureSpec spec = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3).withStandardisedTarget(true);
        for (int[] stepsAndEpochs : new int[][] { { 30_000, 100 }, { 1_000, 4 } }) {
            TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.max-sgd-steps", String.valueOf(stepsAndEpochs[0])));
            Model<Regressor> model = ModelTrainer.fit(table, table.rows().subList(0, 300), spec,
                    p -> TestTrainers.create("linear-sgd", cfg, p.numericFeatureNames()), 1, "test").model();
            TrainerProvenance sgd = (TrainerProvenance) model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("innerTrainer");
            Provenance epochs = sgd.getConfiguredParameters().get("epochs");
            assertEquals(stepsAndEpochs[1], ((IntProvenance) epochs).getValue(), "300 rows, at most " + stepsAndEpochs[0] + " steps");
        }
    }
}
