package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.RestartWithFullJit;
import io.fitscore.testing.SystemProperties;
import io.fitscore.testing.TestConfig;

class QuickJitTest {

    @Test
    void smallRunsGetTheDirectiveThatKeepsC2OffAndOnlyOnce() throws Exception {
        QuickJit.apply();
        QuickJit.apply();
        assertTrue(QuickJit.present());
        String directives = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        // The printout lists each directive's match and, per compiler, its Exclude flag.
        int added = directives.split("Exclude:true", -1).length - 1;
        assertTrue(directives.contains("*.*"), directives);
        assertEquals(1, added, "exactly one C2 exclusion: " + directives);
    }

    @Test
    void aJvmTheLauncherStartedForSmallInputsAsksForARestartOnlyWhenTheInputsAreNotSmall() {
        SparkConfig spark = TestConfig.spark(Map.of());
        long small = spark.smallInputBytes() - 1;
        long large = spark.smallInputBytes();
        // Not started by the launcher's quick start (tests, java -jar): never.
        assertDoesNotThrow(() -> QuickJit.checkLauncherMode(large, spark));
        SystemProperties properties = new SystemProperties();
        try {
            properties.set(QuickJit.LAUNCHER_PROPERTY, "quick");
            assertDoesNotThrow(() -> QuickJit.checkLauncherMode(small, spark));
            RestartWithFullJit restart = assertThrows(RestartWithFullJit.class, () -> QuickJit.checkLauncherMode(large, spark));
            assertEquals(ExitCode.RESTART_FULL_JIT, restart.exitCode());
            assertEquals(75, restart.exitCode().code(), "the launcher keys on 75");
            SparkConfig noQuickJit = TestConfig.spark(Map.of("fitscore.spark.quick-jit", "false"));
            assertThrows(RestartWithFullJit.class, () -> QuickJit.checkLauncherMode(small, noQuickJit));
        } finally {
            properties.restore();
        }
    }
}
