package io.fitscore;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Says once, at start, when the launcher gave the JVM an AOT cache that it could not use: the run then goes on
 * without it, seconds slower to start, and the JVM's own messages about it are silenced by the launcher.
 */
@ApplicationScoped
public class AotCacheCheck {

    private static final Logger LOG = Logger.getLogger(AotCacheCheck.class);
    /** Set by the launcher to the cache it passed (src/main/launcher/fitscore). */
    static final String CACHE_PROPERTY = "launcher.aot-cache";

    void onStart(@Observes StartupEvent event) {
        warning(System.getProperty(CACHE_PROPERTY), Runtime.version().feature(), System.getProperty("java.vm.info", ""))
                .ifPresent(LOG::warn);
    }

    /**
     * The line to say, or empty when no cache was given or the JVM maps it. A JVM that maps an AOT cache reports
     * "sharing" in java.vm.info; one that cannot (another JVM or jar, a heap without compressed pointers) maps no
     * archive at all, not even the JDK's default one, so the word is missing.
     */
    static Optional<String> warning(String cache, int jdkFeature, String vmInfo) {
        if (cache == null || cache.isBlank()) {
            return Optional.empty();
        }
        if (jdkFeature < 24) {
            return Optional.of("Running without the AOT cache " + cache + ": this JVM is JDK " + jdkFeature
                    + ", the cache needs JDK 24 or later (start-up takes a few seconds longer)");
        }
        if (vmInfo.contains("sharing")) {
            return Optional.empty();
        }
        return Optional.of("Running without the AOT cache " + cache + ": this JVM cannot use it (it was made by another JVM or"
                + " for another fitscore.jar, or the heap is 32 GB or more); start-up takes a few seconds longer. Make it again"
                + " with the JVM that runs fitscore: ./mvnw package (or src/main/launcher/make-aot-cache.sh)");
    }
}
