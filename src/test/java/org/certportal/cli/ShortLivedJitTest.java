package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** A command's JVM gets a compiler directive that leaves C2 out; taken off again here, so that the other tests keep C2. */
class ShortLivedJitTest {

    private static String diagnostic(String operation) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    @Test
    void theCommandsJvmCompilesWithC1Only() throws Exception {
        String before = diagnostic("compilerDirectivesPrint");
        ShortLivedJit.leaveOutTheOptimisingCompiler();
        try {
            String after = diagnostic("compilerDirectivesPrint");
            assertThat(after).isNotEqualTo(before).contains("*.*");
            assertThat(after.substring(after.indexOf("*.*"))).containsPattern("(?s)c2.*Exclude:true");
        } finally {
            diagnostic("compilerDirectivesRemove");
        }
        assertThat(diagnostic("compilerDirectivesPrint")).isEqualTo(before);
    }
}
