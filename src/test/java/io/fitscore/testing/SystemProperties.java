package io.fitscore.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * System properties a test sets for the in-JVM launches of the app, each put back as it was by
 * {@link #restore()} (call it from an {@code @AfterEach}).
 */
public final class SystemProperties {

    private final Map<String, String> saved = new HashMap<>();

    /** Sets a property until {@link #restore()}; an empty value hides any environment variable of the same setting. */
    public void set(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /** Sets a property that {@link #restore()} sets to {@code restoreTo} rather than clearing (log levels outlive a launch). */
    public void set(String key, String value, String restoreTo) {
        saved.put(key, restoreTo);
        System.setProperty(key, value);
    }

    public void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        saved.clear();
    }
}
