package io.fitscore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.quarkus.runtime.ApplicationLifecycleManager;

/**
 * The spark-submit jars' entry point ({@code --class io.fitscore.SparkSubmitMain}): before anything else, and without
 * touching a class of Spark's or Scala's, it checks that the cluster runs the Spark line and Scala version the jar was
 * built for, and says which jar to use instead when it does not (exit 3). A jar of another line would otherwise fail
 * further down with a ClassNotFoundException or an UnsupportedClassVersionError. Then it runs fitscore as
 * {@code java -jar} would, but returns from main when the run succeeds (see below).
 */
public final class SparkSubmitMain {

    /** The lines fitscore builds a spark-submit jar for: Spark minor line and Scala binary version. */
    static final List<String> LINES = List.of("3.5_2.12", "4.0_2.13", "4.1_2.13", "4.2_2.13");

    private SparkSubmitMain() {
    }

    public static void main(String[] args) throws Throwable {
        Properties jar = properties("fitscore-spark-line.properties");
        String spark = properties("spark-version-info.properties").getProperty("version");
        String scala = properties("library.properties").getProperty("version.number");
        Optional<String> wrong = wrongLine(jar.getProperty("line"), jar.getProperty("scala"), jar.getProperty("version"), spark, scala)
                .or(SparkSubmitMain::sdkTooOld);
        if (wrong.isPresent()) {
            refuse(wrong.get());
        }
        // Quarkus ends a command with System.exit by default. On YARN in cluster mode the driver's main runs in the
        // ApplicationMaster, which must see main return to report SUCCEEDED: an exit, even with 0, reads there as
        // "Shutdown hook called before final status was reported" and a FAILED application. So the exit code is
        // kept, and only a failure exits with it.
        AtomicInteger exitCode = new AtomicInteger();
        ApplicationLifecycleManager.setDefaultExitCodeHandler((Consumer<Integer>) exitCode::set);
        try {
            // Quarkus' generated main, as the jar's manifest names it (generated at build time, so not linked here).
            Class.forName("io.quarkus.runner.GeneratedMain").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (exitCode.get() != 0) {
            System.exit(exitCode.get());
        }
    }

    /** Says why the jar will not run here, in fitscore's one error line, and exits 3 before any work. */
    static void refuse(String why) {
        System.err.println(FitscoreException.errorLine(why, ExitCode.CONFIG));
        System.err.flush();
        System.exit(ExitCode.CONFIG.code());
    }

    /**
     * What to say when the running Spark and Scala are not the jar's line, or empty when they are (or when the class
     * path does not say which Spark it is: then Spark itself is the judge).
     *
     * @param sparkVersion the running Spark's version ("3.5.6", "4.0.2-amzn-0"), or null when unknown
     * @param scalaVersion the running Scala library's version ("2.12.18"), or null when unknown
     */
    static Optional<String> wrongLine(String jarLine, String jarScala, String jarVersion, String sparkVersion, String scalaVersion) {
        if (sparkVersion == null || jarLine == null) {
            return Optional.empty();
        }
        String runningLine = minorLine(sparkVersion);
        String runningScala = scalaVersion == null ? jarScala : minorLine(scalaVersion);
        if (runningLine.equals(jarLine) && runningScala.equals(jarScala)) {
            return Optional.empty();
        }
        String built = "this jar is built for Spark " + jarLine + " on Scala " + jarScala + ", and this cluster runs Spark "
                + sparkVersion + (scalaVersion == null ? "" : " on Scala " + scalaVersion);
        String wanted = runningLine + "_" + runningScala;
        if (LINES.contains(wanted)) {
            return Optional.of(built + ": submit fitscore-spark-" + wanted + "-" + jarVersion + ".jar instead (spark-submit --class "
                    + SparkSubmitMain.class.getName() + " fitscore-spark-" + wanted + "-" + jarVersion + ".jar ...)");
        }
        return Optional.of(built + ", a line fitscore has no jar for: fitscore's spark-submit jars are for Spark 3.5 on Scala 2.12 "
                + "(EMR 7, Glue 5) and Spark 4.0, 4.1 and 4.2 on Scala 2.13 (EMR 8, Glue 6)");
    }

    /**
     * The cluster's AWS SDK v2, which the jar uses (it brings none of its own): publishing and the leases write with
     * If-None-Match and If-Match and delete with If-Match, which the SDK has all of from 2.29.21 on (2.28 has
     * If-None-Match alone). Empty when it has them.
     */
    static Optional<String> sdkTooOld() {
        return sdkTooOld(SparkSubmitMain.class.getClassLoader());
    }

    /** The first AWS SDK v2 with every conditional request fitscore makes. */
    static final String SDK_MINIMUM = "2.29.21";

    static Optional<String> sdkTooOld(ClassLoader loader) {
        try {
            Class<?> put = Class.forName("software.amazon.awssdk.services.s3.model.PutObjectRequest$Builder", false, loader);
            Class<?> delete = Class.forName("software.amazon.awssdk.services.s3.model.DeleteObjectRequest$Builder", false, loader);
            put.getMethod("ifNoneMatch", String.class);
            put.getMethod("ifMatch", String.class);
            delete.getMethod("ifMatch", String.class);
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("this cluster has no AWS SDK v2 S3 client on its class path (fitscore reads and writes S3 through s3a "
                    + "and the SDK v2, as hadoop-aws 3.4 and EMR 7 or later provide them)");
        } catch (NoSuchMethodException e) {
            String version;
            try {
                version = String.valueOf(Class.forName("software.amazon.awssdk.core.util.VersionInfo", false, loader)
                        .getField("SDK_VERSION").get(null));
            } catch (ReflectiveOperationException | LinkageError unknown) {
                version = "version unknown";
            }
            return Optional.of("this cluster's AWS SDK v2 (" + version + ") is older than " + SDK_MINIMUM + ", which fitscore needs to "
                    + "publish with conditional writes (If-None-Match, If-Match): use a cluster release whose SDK is " + SDK_MINIMUM
                    + " or later (EMR 7.6.0 or later, EMR 8)");
        }
    }

    /** "3.5" of "3.5.6", "4.0" of "4.0.2-amzn-0", "2.12" of "2.12.18". */
    static String minorLine(String version) {
        String[] parts = version.split("[.-]");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    private static Properties properties(String resource) {
        return properties(SparkSubmitMain.class.getClassLoader(), resource);
    }

    private static Properties properties(ClassLoader loader, String resource) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return p;
    }
}
