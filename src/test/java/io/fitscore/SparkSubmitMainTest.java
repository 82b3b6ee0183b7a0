package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The spark-submit jars' line check: which cluster each jar accepts, and what it says to the others. */
class SparkSubmitMainTest {

    @Test
    void aJarRunsOnItsOwnLineWhateverThePatchOrVendorSuffix() {
        assertEquals(Optional.empty(), SparkSubmitMain.wrongLine("4.2", "2.13", "1.0", "4.2.0", "2.13.18"));
        assertEquals(Optional.empty(), SparkSubmitMain.wrongLine("4.0", "2.13", "1.0", "4.0.2-amzn-0", "2.13.16"));
        assertEquals(Optional.empty(), SparkSubmitMain.wrongLine("3.5", "2.12", "1.0", "3.5.6-amzn-1", "2.12.18"));
        // Nothing to judge by: Spark itself will say what is wrong.
        assertEquals(Optional.empty(), SparkSubmitMain.wrongLine("4.2", "2.13", "1.0", null, null));
    }

    @Test
    void aJarOnAnotherLineNamesTheJarToUse() {
        String emr7 = SparkSubmitMain.wrongLine("4.2", "2.13", "1.0", "3.5.6-amzn-1", "2.12.18").orElseThrow();
        assertTrue(emr7.startsWith("this jar is built for Spark 4.2 on Scala 2.13, and this cluster runs Spark 3.5.6-amzn-1 on Scala 2.12.18: "
                + "submit fitscore-spark-3.5_2.12-1.0.jar instead"), emr7);
        String emr8 = SparkSubmitMain.wrongLine("3.5", "2.12", "1.0", "4.0.2-amzn-0", "2.13.16").orElseThrow();
        assertTrue(emr8.contains("submit fitscore-spark-4.0_2.13-1.0.jar instead"), emr8);
        // Spark 3.5 built for Scala 2.13 is a line of its own, which fitscore has no jar for.
        String scala213 = SparkSubmitMain.wrongLine("3.5", "2.12", "1.0", "3.5.6", "2.13.8").orElseThrow();
        assertTrue(scala213.contains("a line fitscore has no jar for"), scala213);
        String old = SparkSubmitMain.wrongLine("4.2", "2.13", "1.0", "3.3.2", "2.12.15").orElseThrow();
        assertTrue(old.contains("a line fitscore has no jar for") && old.contains("Spark 3.5 on Scala 2.12"), old);
    }

    @Test
    void theClustersAwsSdkMustDoConditionalWrites() throws Exception {
        // The SDK of fitscore's own class path (the Quarkus S3 client's) has them.
        assertEquals(Optional.empty(), SparkSubmitMain.sdkTooOld());
        // A class path without the SDK: what Spark's own Maven artifacts of 3.5 (Hadoop 3.3, SDK v1) would give.
        ClassLoader bare = new java.net.URLClassLoader(new java.net.URL[0], ClassLoader.getPlatformClassLoader());
        String none = SparkSubmitMain.sdkTooOld(bare).orElseThrow();
        assertTrue(none.contains("no AWS SDK v2 S3 client"), none);
    }

    /**
     * The S3 modules of real older SDKs (the build fetches them into target/old-aws-sdk): EMR 7.5's 2.28.8 has
     * If-None-Match but no If-Match, 2.29.20 If-Match on deletes but not on puts; both are refused before any work.
     */
    @Test
    void anSdkWithoutEveryConditionalWriteIsRefused() throws Exception {
        for (String version : List.of("2.28.8", "2.29.20")) {
            Path jar = Path.of("target", "old-aws-sdk", "s3-" + version + ".jar");
            assertTrue(Files.exists(jar), jar + " is fetched by the build (maven-dependency-plugin, fetch-old-aws-sdk)");
            try (URLClassLoader old = new S3ModelFirst(jar)) {
                String refused = SparkSubmitMain.sdkTooOld(old).orElseThrow(() -> new AssertionError(version + " was accepted"));
                assertTrue(refused.contains("is older than 2.29.21") && refused.contains("EMR 7.6.0 or later"), refused);
            }
        }
    }

    /** The old jar's S3 model classes before the class path's (which are newer); everything else from the class path. */
    private static final class S3ModelFirst extends URLClassLoader {
        S3ModelFirst(Path jar) throws Exception {
            super(new URL[] {jar.toUri().toURL()}, SparkSubmitMainTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("software.amazon.awssdk.services.s3.model.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
