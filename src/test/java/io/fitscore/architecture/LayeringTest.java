package io.fitscore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

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

    /** Bottom to top; packages of one layer may use each other. The last is the root package alone. */
    private static final List<String[]> LAYERS = List.of(
            new String[] {"io.fitscore.failure..", "io.fitscore.json.."},
            new String[] {"io.fitscore.sample.."},
            new String[] {"io.fitscore.storage.."},
            new String[] {"io.fitscore.config.."},
            new String[] {"io.fitscore.aws.."},
            new String[] {"io.fitscore.validate.."},
            new String[] {"io.fitscore.ml.."},
            new String[] {"io.fitscore.spark.."},
            new String[] {"io.fitscore.supervised.."},
            new String[] {"io.fitscore.publish.."},
            new String[] {"io.fitscore.report.."},
            new String[] {"io.fitscore.health.."},
            new String[] {"io.fitscore.embedded.."},
            new String[] {"io.fitscore.lifecycle.."},
            new String[] {"io.fitscore.regression..", "io.fitscore.reduce..", "io.fitscore.recommend..", "io.fitscore.history.."},
            new String[] {"io.fitscore"});

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(java.util.Arrays::stream).toArray(String[]::new);
            noClasses().that().resideInAnyPackage(LAYERS.get(i)).should().dependOnClassesThat().resideInAnyPackage(above)
                    .check(CLASSES);
        }
    }

    /** The jobs, each in its own package: none uses another's code (what several share sits below them, as supervised). */
    private static final String[] JOBS = {"io.fitscore.regression..", "io.fitscore.reduce..", "io.fitscore.recommend.."};

    @Test
    void noJobUsesAnotherJobsCode() {
        for (String job : JOBS) {
            String[] others = java.util.Arrays.stream(JOBS).filter(o -> !o.equals(job)).toArray(String[]::new);
            noClasses().that().resideInAPackage(job).should().dependOnClassesThat().resideInAnyPackage(others).check(CLASSES);
        }
    }

    @Test
    void theLifecycleKnowsNoJob() {
        noClasses().that().resideInAPackage("io.fitscore.lifecycle..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(JOBS, "io.fitscore.ml..", "org.tribuo..", "org.apache.spark.ml..")).check(CLASSES);
    }

    /** spark/ is the session and the CSV reading and writing every job shares: models, PCA and ALS live with their job. */
    @Test
    void sparkHoldsNoJobCode() {
        noClasses().that().resideInAPackage("io.fitscore.spark..").should().dependOnClassesThat()
                .resideInAnyPackage("io.fitscore.ml..", "org.tribuo..", "org.apache.spark.ml..").check(CLASSES);
    }

    /** ml/ takes plain values (Tribuo's trainers are configured by constructor), never the configuration. */
    @Test
    void mlReadsNoConfiguration() {
        noClasses().that().resideInAPackage("io.fitscore.ml..").should().dependOnClassesThat()
                .resideInAnyPackage("io.fitscore.config..", "io.smallrye.config..", "org.eclipse.microprofile.config..").check(CLASSES);
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("io.fitscore.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
