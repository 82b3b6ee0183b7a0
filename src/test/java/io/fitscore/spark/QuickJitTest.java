package io.fitscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

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
}
