package io.fitscore.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The optional HTTP health endpoint (/q/health) that reports the current stage of a run. */
@ConfigMapping(prefix = "fitscore.health")
public interface HealthConfig {
    /** Serve /q/health/live and /q/health/ready (stage, rows, elapsed seconds, Spark's tasks) while a run runs. */
    @WithDefault("false")
    boolean enabled();

    /** Loopback by default; a container that wants it reachable sets 0.0.0.0. */
    @WithDefault("127.0.0.1")
    String host();

    /** Its port. */
    @WithDefault("8080")
    int port();

    /** A log line every this many seconds while a stage runs; 0 turns the heartbeat off. */
    @WithDefault("30")
    int heartbeatSeconds();
}
