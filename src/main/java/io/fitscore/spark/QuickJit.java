package io.fitscore.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

import org.jboss.logging.Logger;

/**
 * Turns HotSpot's optimising compiler (C2) off for the rest of a run whose inputs are small: on a few MB
 * a run is over before C2's compilations pay back the CPU they take from the run's own threads, while
 * C1's quick code is ready almost at once. Done at run time, by a compiler directive, because only the
 * validated input size tells a small run from a large one, and JVM flags are fixed before that.
 */
final class QuickJit {

    private static final Logger LOG = Logger.getLogger(QuickJit.class);
    private static final String DIRECTIVE = "[ { match: \"*.*\", c2: { Exclude: true } } ]";

    private QuickJit() {
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
