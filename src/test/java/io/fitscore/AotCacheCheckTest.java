package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The one line a run says when the launcher's AOT cache is not in use, and silence when it is. */
class AotCacheCheckTest {

    @Test
    void silentWithoutCacheOrWhenTheJvmMapsIt() {
        assertEquals(Optional.empty(), AotCacheCheck.warning(null, 25, "mixed mode"));
        assertEquals(Optional.empty(), AotCacheCheck.warning("/d/fitscore.aot", 25, "mixed mode, sharing"));
    }

    @Test
    void saysWhyWhenTheCacheIsNotUsed() {
        String unusable = AotCacheCheck.warning("/d/fitscore.aot", 25, "mixed mode").orElseThrow();
        assertTrue(unusable.contains("/d/fitscore.aot") && unusable.contains("cannot use it"), unusable);
        // JDK 17 maps its own default archive ("sharing") but never an AOT cache.
        String old = AotCacheCheck.warning("/d/fitscore.aot", 17, "mixed mode, sharing").orElseThrow();
        assertTrue(old.contains("JDK 17") && old.contains("24 or later"), old);
    }
}
