package io.fitscore.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness reports the run's current stage, elapsed seconds and rows per stage; liveness says the JVM answers. */
@ApplicationScoped
public class RunReadiness {

    @Inject
    RunProgress progress;

    @Readiness
    HealthCheck runProgress() {
        return () -> {
            RunProgress.Snapshot s = progress.snapshot();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("fitscore-run").up()
                    .withData("stage", s.stage())
                    .withData("running", s.running())
                    .withData("elapsed_seconds", s.runSeconds())
                    .withData("stage_seconds", s.stageSeconds());
            s.rows().forEach((what, count) -> b.withData("rows_" + what, count));
            s.tasks().ifPresent(t -> b.withData("spark_tasks_done", t.done()).withData("spark_tasks_running", t.running())
                    .withData("spark_tasks_total", t.total()));
            s.step().ifPresent(t -> b.withData("training_step", t.what()).withData("training_fits_done", t.done())
                    .withData("training_fits_total", t.total()));
            return b.build();
        };
    }

    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("fitscore");
    }
}
