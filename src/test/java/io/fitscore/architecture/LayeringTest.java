package io.fitscore.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Data flows one way through a run, and so do the packages' dependencies: each layer uses only layers
 * below it. The failure vocabulary is at the bottom, the command line at the top.
 */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fitscore");

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("failure").definedBy("io.fitscore.failure..")
                .layer("storage").definedBy("io.fitscore.storage..")
                .layer("config").definedBy("io.fitscore.config..")
                .layer("aws").definedBy("io.fitscore.aws..")
                .layer("validate").definedBy("io.fitscore.validate..")
                .layer("ml").definedBy("io.fitscore.ml..")
                .layer("spark").definedBy("io.fitscore.spark..")
                .layer("publish").definedBy("io.fitscore.publish..")
                .layer("report").definedBy("io.fitscore.report..")
                .layer("health").definedBy("io.fitscore.health..")
                .layer("sample").definedBy("io.fitscore.sample..")
                .layer("embedded").definedBy("io.fitscore.embedded..")
                .layer("jobs").definedBy("io.fitscore.run..", "io.fitscore.reduce..")
                .layer("cli").definedBy("io.fitscore")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("embedded").mayOnlyBeAccessedByLayers("cli", "jobs")
                .whereLayer("health").mayOnlyBeAccessedByLayers("jobs", "cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("jobs", "cli")
                .whereLayer("publish").mayOnlyBeAccessedByLayers("report", "jobs", "cli")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("publish", "report", "jobs", "cli")
                .whereLayer("ml").mayOnlyBeAccessedByLayers("spark", "publish", "report", "jobs", "cli")
                .whereLayer("validate").mayOnlyBeAccessedByLayers("ml", "spark", "publish", "report", "jobs", "cli")
                .whereLayer("aws").mayOnlyBeAccessedByLayers("validate", "ml", "spark", "publish", "report", "embedded", "jobs", "cli")
                .whereLayer("config").mayOnlyBeAccessedByLayers("aws", "validate", "ml", "spark", "publish", "report", "embedded", "jobs", "cli")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("config", "aws", "validate", "ml", "spark", "publish", "report", "embedded",
                        "jobs", "cli")
                .whereLayer("sample").mayOnlyBeAccessedByLayers("embedded", "jobs", "cli")
                .check(CLASSES);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.fitscore.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
