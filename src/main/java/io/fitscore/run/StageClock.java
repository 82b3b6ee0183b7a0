package io.fitscore.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/** Times the stages of a run and logs one line as each starts and ends. */
public final class StageClock {

    private static final Logger LOG = Logger.getLogger(StageClock.class);

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Runnable beforeEachStage;

    public StageClock() {
        this(() -> {
        });
    }

    /** @param beforeEachStage runs before every stage, e.g. to end an interrupted run */
    public StageClock(Runnable beforeEachStage) {
        this.beforeEachStage = beforeEachStage;
    }

    public <T> T time(String stage, Supplier<T> work) {
        beforeEachStage.run();
        LOG.infof("Stage %s: started", stage);
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            double took = (System.nanoTime() - start) / 1e9;
            seconds.put(stage, Math.round(took * 1000) / 1000.0);
            LOG.infof("Stage %s: ended after %.2f s", stage, took);
        }
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }
}
