package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
