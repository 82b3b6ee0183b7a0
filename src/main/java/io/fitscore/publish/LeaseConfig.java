package io.fitscore.publish;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * One run at a time per destination: a lease object beside each folder a run publishes to, created
 * with a conditional put and renewed while the run lives.
 */
@ConfigMapping(prefix = "fitscore.lease")
public interface LeaseConfig {
    /** A lease not renewed for this long is taken to be a dead run's and may be taken over. */
    @WithDefault("300")
    int ttlSeconds();

    /**
     * How long a run waits for a live lease to end before it gives up with exit 9; 0 gives up at once. The
     * default outlasts the default time to live, so a retry after a killed run takes the dead run's lease over.
     */
    @WithDefault("360")
    int waitSeconds();
}
