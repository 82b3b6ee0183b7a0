package io.fitscore.ml.blend;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import io.fitscore.ml.base.CountedTrainer;

/**
 * Trains several regression models on the same data and averages their predictions with equal weights
 * (a Tribuo ensemble with {@link AveragingCombiner}, carrying every member's provenance). Averaging models
 * that err differently, such as boosted trees and a forest, lowers the variance of small noisy data sets.
 * Each member gets a fresh trainer per training, so repeated trainings stay repeatable.
 */
public final class AveragingTrainer extends CountedTrainer {

    private final String name;
    private final List<Supplier<Trainer<Regressor>>> members;

    /** @param members fresh trainers of the members, in a fixed order */
    public AveragingTrainer(String name, List<Supplier<Trainer<Regressor>>> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an average needs members");
        }
        this.name = name;
        this.members = List.copyOf(members);
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        List<Model<Regressor>> models = new ArrayList<>(members.size());
        for (Supplier<Trainer<Regressor>> member : members) {
            models.add(member.get().train(data, runProvenance));
        }
        return average(name, models, data, getProvenance(), runProvenance);
    }

    /**
     * Models trained on {@code data} as one Tribuo ensemble averaged with equal weights, carrying every member's
     * provenance: a blend's members or a forest's trees.
     */
    public static WeightedEnsembleModel<Regressor> average(String name, List<Model<Regressor>> models, Dataset<Regressor> data,
            TrainerProvenance trainer, Map<String, Provenance> runProvenance) {
        ListProvenance<ModelProvenance> members = new ListProvenance<>(models.stream().map(Model::getProvenance).toList());
        EnsembleModelProvenance provenance = new EnsembleModelProvenance(WeightedEnsembleModel.class.getName(), OffsetDateTime.now(),
                data.getProvenance(), trainer, runProvenance, members);
        return new WeightedEnsembleModel<>(name, provenance, data.getFeatureIDMap(), data.getOutputIDInfo(), models,
                new AveragingCombiner());
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "AveragingTrainer(name=" + name + ",members=" + members.stream().map(m -> m.get().toString()).toList() + ")";
    }
}
