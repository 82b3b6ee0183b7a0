package io.fitscore.ml.forest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.dataset.DatasetView;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import io.fitscore.ml.base.CountedTrainer;
import io.fitscore.ml.blend.AveragingTrainer;

/**
 * A random forest whose trees train in parallel: Tribuo's {@code RandomForestTrainer} grows one tree after
 * another on one core. Each tree gets its own bootstrap sample and its own seeded CART trainer, both
 * derived from the forest's seed and the tree's number, so the forest is the same whatever the thread
 * count. Trees share the full data set's feature ids; the result is a Tribuo ensemble averaged by
 * {@link AveragingCombiner}, carrying every tree's provenance.
 */
public final class ParallelForestTrainer extends CountedTrainer {

    private final LongFunction<Trainer<Regressor>> treeTrainer;
    private final int trees;
    private final long seed;
    private final int threads;

    /**
     * @param treeTrainer a fresh CART trainer for a seed (its feature fraction makes it a forest's tree)
     * @param threads     threads to grow trees on, at least 1
     */
    public ParallelForestTrainer(LongFunction<Trainer<Regressor>> treeTrainer, int trees, long seed, int threads) {
        this.treeTrainer = treeTrainer;
        this.trees = trees;
        this.seed = seed;
        this.threads = Math.max(1, threads);
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        SplittableRandom rng = new SplittableRandom(seed + 31L * invocation);
        long[] bootstrapSeeds = new long[trees];
        long[] treeSeeds = new long[trees];
        for (int t = 0; t < trees; t++) {
            bootstrapSeeds[t] = rng.nextLong();
            treeSeeds[t] = rng.nextLong();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, trees), r -> {
            Thread thread = new Thread(r, "fitscore-forest");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Model<Regressor>>> futures = new ArrayList<>();
            for (int t = 0; t < trees; t++) {
                int tree = t;
                futures.add(pool.submit(() -> {
                    DatasetView<Regressor> bag = DatasetView.createBootstrapView(data, data.size(), bootstrapSeeds[tree],
                            data.getFeatureIDMap(), data.getOutputIDInfo());
                    return treeTrainer.apply(treeSeeds[tree]).train(bag, runProvenance);
                }));
            }
            List<Model<Regressor>> models = new ArrayList<>(trees);
            for (Future<Model<Regressor>> f : futures) {
                models.add(f.get());
            }
            return AveragingTrainer.average("random-forest", models, data, getProvenance(), runProvenance);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("forest training interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "ParallelForestTrainer(trees=" + trees + ",seed=" + seed + ",threads=" + threads + ",tree=" + treeTrainer.apply(seed) + ")";
    }
}
