package org.certportal.cli;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Tells the JIT of a command's own JVM to leave the optimising compiler (C2) out. A command lives a
 * few seconds, nearly all of them loading classes once: C2 spent about 4 s of CPU per {@code user add}
 * optimising the class loader's and ASM's methods for a future the process never has, on one of the
 * machine's 2 cores, beside C1's 1.6 s and the main thread's 5 s. C1's code is enough for that.
 *
 * <p>A command line cannot carry JVM flags ({@code java -jar certportal.jar user add ...} is the
 * contract), but compiler directives can be added while the JVM runs, through the same diagnostic
 * command as {@code jcmd PID Compiler.directives_add}. Only the command entry point of {@code main}
 * does it, never the portal or a test JVM that runs commands in-process, and not for the commands that
 * may run long over big inputs ({@code user import}, {@code audit export}). Best effort: a JVM without
 * the diagnostic command runs the command as before.
 */
final class ShortLivedJit {

    private static final String NO_C2 = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private ShortLivedJit() {
    }

    static void leaveOutTheOptimisingCompiler() {
        Path directives = null;
        try {
            directives = Files.createTempFile("certportal-jit", ".json");
            Files.writeString(directives, NO_C2, StandardCharsets.US_ASCII);
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // Not HotSpot, or no management: the command only runs slower.
        } finally {
            if (directives != null) {
                try {
                    Files.deleteIfExists(directives);
                } catch (Exception ignored) {
                    // a temporary file of 44 bytes
                }
            }
        }
    }
}
