package io.fitscore.ml.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** XGBoost's JSON model read in one streaming pass: what is kept, and what is left to XGBoost itself. */
class BoosterTreesTest {

    /** One tree of a split and two leaves, fields in XGBoost's order, with fields the reader skips. */
    private static String model(String objective, String categories, String defaults) {
        return """
                {"learner":{"attributes":{},"feature_names":[],"gradient_booster":{"model":{"gbtree_model_param":{"num_trees":"1"},
                "tree_info":[0],"trees":[{"base_weights":[0.1,0.2,0.3],"categories":[],"categories_nodes":%s,"default_left":%s,
                "id":0,"left_children":[1,-1,-1],"loss_changes":[1.5,0,0],"parents":[2147483647,0,0],"right_children":[2,-1,-1],
                "split_conditions":[0.5,-0.25,0.75],"split_indices":[3,0,0],"split_type":[0,0,0],"sum_hessian":[10.0,4.0,6.0],
                "tree_param":{"num_nodes":"3"}}]},"name":"gbtree"},"learner_model_param":{"base_score":"5E-1","num_class":"0",
                "num_feature":"4","num_target":"1"},"objective":{"name":"%s","reg_loss_param":{"scale_pos_weight":"1"}}},
                "version":[2,1,4]}
                """.formatted(categories, defaults, objective);
    }

    @Test
    void aSquaredErrorTreeIsReadIntoArrays() {
        BoosterTrees read = BoosterTrees.parse(model("reg:squarederror", "[]", "[1,0,0]").getBytes(StandardCharsets.UTF_8));
        assertEquals(0.5f, read.baseScore());
        assertEquals(1, read.trees().size());
        BoosterTrees.Tree tree = read.trees().get(0);
        assertArrayEquals(new int[] {1, -1, -1}, tree.left());
        assertArrayEquals(new int[] {2, -1, -1}, tree.right());
        assertArrayEquals(new int[] {3, 0, 0}, tree.index());
        assertArrayEquals(new float[] {0.5f, -0.25f, 0.75f}, tree.condition());
        assertArrayEquals(new boolean[] {true, false, false}, tree.defaultLeft());
        assertArrayEquals(new double[] {10, 4, 6}, tree.cover());
        // Newer XGBoost writes the default sides as booleans.
        assertArrayEquals(new boolean[] {true, false, false}, BoosterTrees.parse(model("reg:squarederror", "[]", "[true,false,false]")
                .getBytes(StandardCharsets.UTF_8)).trees().get(0).defaultLeft());
    }

    @Test
    void anotherObjectiveOrCategoricalSplitsAreLeftToXGBoost() {
        assertNull(BoosterTrees.parse(model("reg:absoluteerror", "[]", "[1,0,0]").getBytes(StandardCharsets.UTF_8)));
        assertNull(BoosterTrees.parse(model("reg:squarederror", "[0]", "[1,0,0]").getBytes(StandardCharsets.UTF_8)));
    }
}
