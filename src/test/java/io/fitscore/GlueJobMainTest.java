package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fitscore.GlueJobMain.GlueArguments;

/** What a Glue job's parameters, Glue's own among them, say to fitscore. */
class GlueJobMainTest {

    @Test
    void theJobAndTheSettingsAreTakenAndGluesOwnParametersLeftAlone() {
        GlueArguments glue = GlueArguments.parse(List.of("--JOB_ID", "j_0123", "--fitscore.inputs", "s3://b/a.csv,s3://b/b.csv",
                "--JOB_RUN_ID", "jr_4567", "--job-bookmark-option", "job-bookmark-disable", "--fitscore-job", "run",
                "--TempDir", "s3://aws-glue-temporary/admin", "--fitscore.output-layout", "dated", "--JOB_NAME", "fitscore-daily"));
        assertEquals("run", glue.job());
        assertEquals(Map.of("fitscore.inputs", "s3://b/a.csv,s3://b/b.csv", "fitscore.output-layout", "dated"), glue.settings());
        assertEquals(List.of("fitscore.inputs", "fitscore.output-layout"), List.copyOf(glue.settings().keySet()));
    }

    @Test
    void aMissingJobOrValueIsSaid() {
        IllegalArgumentException noJob = assertThrows(IllegalArgumentException.class,
                () -> GlueArguments.parse(List.of("--JOB_ID", "j_1", "--fitscore.inputs", "s3://b/a.csv")));
        assertTrue(noJob.getMessage().startsWith("--fitscore-job is missing"), noJob.getMessage());
        IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> GlueArguments.parse(List.of("--fitscore-job", "run", "--fitscore.output")));
        assertEquals("--fitscore.output has no value", noValue.getMessage());
    }
}
