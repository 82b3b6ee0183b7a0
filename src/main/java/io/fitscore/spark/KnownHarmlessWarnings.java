package io.fitscore.spark;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the warnings Spark prints on every normal run that a user would take for a problem with the
 * run. Spark warns that spark.local.dir may be overridden by a cluster manager whenever it is set, and
 * fitscore sets it to give each run its own scratch folder.
 */
@LoggingFilter(name = "known-harmless-warnings")
public final class KnownHarmlessWarnings implements Filter {

    private static final List<String> PREFIXES = List.of("Note that spark.local.dir will be overridden");

    @Override
    public boolean isLoggable(LogRecord record) {
        // Records bridged from log4j2 (Spark's logging) may carry the text only in their formatted form.
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message == null) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (message.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
