package io.fitscore.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

import org.jboss.logging.Logger;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.RestartWithFullJit;

/**
 * Turns HotSpot's optimising compiler (C2) off for the rest of a run whose inputs are small: on a few MB
 * a run is over before C2's compilations pay back the CPU they take from the run's own threads, while
 * C1's quick code is ready almost at once. Done at run time, by a compiler directive, because only the
 * validated input size tells a small run from a large one, and JVM flags are fixed before that.
 */
public final class QuickJit {

    private static final Logger LOG = Logger.getLogger(QuickJit.class);
    /**
     * Set to {@code quick} by the launcher when it started this JVM with C1 only (-XX:TieredStopAtLevel=1), the
     * fastest start for small inputs: C1's code without profiling runs about a second sooner on the course job than
     * the profiled code the directive below leaves, but no directive can turn C2 back on for large inputs.
     */
    static final String LAUNCHER_PROPERTY = "launcher.jit";
    private static final String DIRECTIVE = "[ { match: \"*.*\", c2: { Exclude: true } } ]";

    private QuickJit() {
    }

    /**
     * In a JVM the launcher started with C1 only, stops the run when its inputs are not small (or quick JIT is off),
     * so that the launcher starts it again with both compilers; called after validation, before anything is written.
     */
    public static void checkLauncherMode(long inputBytes, SparkConfig settings) {
        if ("quick".equals(System.getProperty(LAUNCHER_PROPERTY)) && !appliesTo(inputBytes, settings)) {
            throw new RestartWithFullJit(String.format(java.util.Locale.ROOT, "Inputs of %.1f MB%s: restarting in a JVM with the"
                    + " optimising compiler (this one was started for small inputs)", inputBytes / 1e6,
                    settings.quickJit() ? " are not small (fitscore.spark.small-input-bytes)" : " and quick JIT off"));
        }
    }

    /** Whether a run of {@code inputBytes} is small enough for C1 alone: quick JIT on and the inputs under small-input-bytes. */
    static boolean appliesTo(long inputBytes, SparkConfig settings) {
        return settings.quickJit() && inputBytes < settings.smallInputBytes();
    }

    /**
     * Adds the directive once per JVM, also when several class loaders (dev mode, tests) load this class:
     * the JVM's own directive stack says whether it is there. A JVM without the diagnostic command keeps
     * its compilers.
     */
    static synchronized void apply() {
        Path file = null;
        try {
            if (present()) {
                return;
            }
            file = Files.createTempFile("fitscore-jit-", ".json");
            Files.writeString(file, DIRECTIVE);
            Object answer = diagnosticCommand("compilerDirectivesAdd", file.toString());
            LOG.debugf("Small inputs: C2 off for this run (%s)", String.valueOf(answer).strip());
        } catch (Exception | LinkageError e) {
            LOG.debug("Small inputs: the compiler directive could not be added; the JVM keeps its compilers", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("cannot delete " + file, e);
                }
            }
        }
    }

    /** Whether the JVM already holds a directive that excludes every method from C2. */
    static boolean present() throws Exception {
        String printed = String.valueOf(diagnosticCommand("compilerDirectivesPrint"));
        for (String directive : printed.split("Directive:")) {
            String c2 = directive.contains("c2 directives:") ? directive.substring(directive.indexOf("c2 directives:")) : "";
            if (directive.contains("matching: *.*") && c2.contains("Exclude:true")) {
                return true;
            }
        }
        return false;
    }

    private static Object diagnosticCommand(String operation, String... arguments) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                operation, new Object[] { arguments }, new String[] { String[].class.getName() });
    }
}
