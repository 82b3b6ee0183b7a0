package io.fitscore.ml;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;

import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;

/** Splits the rows into a seeded holdout, trains a Tribuo model, evaluates it, and scores every row. */
public final class ModelTrainer {

    /** Fewer labelled rows than this cannot give a meaningful model and holdout. */
    public static final int MIN_LABELLED_ROWS = 10;

    /** Everything the run learnt: the model, how it was evaluated, and the scored rows. */
    public record Outcome(Model<Regressor> model, FeaturePipeline pipeline, RegressionScores evaluation,
            RegressionScores baseline, List<ScoredRow> scored, int trainRows, int testRows, int unlabelledRows,
            int featureCount) {
    }

    private ModelTrainer() {
    }

    /** Builds a fresh trainer once the fitted pipeline is known. */
    @FunctionalInterface
    public interface TrainerSource {
        Trainer<Regressor> forPipeline(FeaturePipeline pipeline);
    }

    public static Outcome trainEvaluateScore(Table table, FeatureSpec spec, TrainerSource trainers,
            double testFraction, long seed, String dataDescription) {
        int targetIndex = table.indexOf(spec.target());
        List<List<Object>> labelled = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            if (row.get(targetIndex) instanceof Double d && Double.isFinite(d)) {
                labelled.add(row);
            }
        }
        if (labelled.size() < MIN_LABELLED_ROWS) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "target '" + spec.target() + "': only " + labelled.size()
                    + " rows have a numeric value, at least " + MIN_LABELLED_ROWS + " are needed");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int testCount = (int) Math.round(labelled.size() * testFraction);
        List<List<Object>> test = new ArrayList<>();
        List<List<Object>> train = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < testCount ? test : train).add(labelled.get(order.get(i)));
        }

        FeaturePipeline pipeline = FeaturePipeline.fit(table, train, spec);
        FeaturePipeline.RowEncoder encoder = pipeline.bind(table);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> trainSet = dataset(train, encoder, factory, dataDescription + " (train split)");
        Model<Regressor> model = trainers.forPipeline(pipeline).train(trainSet);

        RegressionScores evaluation = null;
        RegressionScores baseline = null;
        if (!test.isEmpty()) {
            MutableDataset<Regressor> testSet = dataset(test, encoder, factory, dataDescription + " (test split)");
            RegressionEvaluation eval = factory.getEvaluator().evaluate(model, testSet);
            evaluation = new RegressionScores(eval.averageRMSE(), eval.averageMAE(), eval.averageR2(), test.size());
            double trainMean = train.stream().mapToDouble(r -> (Double) r.get(targetIndex)).average().orElse(0);
            double[] actual = test.stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray();
            double[] constant = new double[actual.length];
            Arrays.fill(constant, trainMean);
            baseline = RegressionScores.of(actual, constant);
        }

        Set<List<Object>> testRows = Collections.newSetFromMap(new IdentityHashMap<>());
        testRows.addAll(test);
        List<Example<Regressor>> all = new ArrayList<>(table.size());
        for (List<Object> row : table.rows()) {
            all.add(encoder.encode(row));
        }
        List<Prediction<Regressor>> predictions = model.predict(all);
        List<ScoredRow> scored = new ArrayList<>(table.size());
        for (int i = 0; i < table.size(); i++) {
            List<Object> row = table.rows().get(i);
            Object t = row.get(targetIndex);
            Double target = t instanceof Double d && Double.isFinite(d) ? d : null;
            String split = target == null ? ScoredRow.UNLABELLED : testRows.contains(row) ? ScoredRow.TEST : ScoredRow.TRAIN;
            scored.add(new ScoredRow(row, target, predictions.get(i).getOutput().getValues()[0], split));
        }
        return new Outcome(model, pipeline, evaluation, baseline, scored, train.size(), test.size(),
                table.size() - labelled.size(), model.getFeatureIDMap().size());
    }

    private static MutableDataset<Regressor> dataset(List<List<Object>> rows, FeaturePipeline.RowEncoder encoder,
            RegressionFactory factory, String description) {
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance(description, OffsetDateTime.now(), factory), factory);
        for (List<Object> row : rows) {
            ds.add(encoder.encode(row));
        }
        return ds;
    }
}
