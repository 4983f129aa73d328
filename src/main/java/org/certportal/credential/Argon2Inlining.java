package org.certportal.credential;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks HotSpot's optimising compiler to inline BouncyCastle's Argon2 round function
 * ({@code roundFunction -> F -> quarterRound}) into {@code applyBlake}, the method that runs it.
 *
 * <p>Why: left to its own heuristics, C2 sometimes compiles these as separate calls ("callee is
 * too large") and sometimes not, depending on the order in which the JVM happened to compile
 * things. On a 2-core machine the same program then hashed at anything from 6 to 21 hashes/s from
 * one start to the next; with the inlining forced it runs at 24-26 every time. A sign-in is one
 * hash, so this lottery decided the portal's throughput (11 sign-ins/s before, see bench/RESULTS.md).
 *
 * <p>The directive is added at run time through the DiagnosticCommand MBean (what {@code jcmd
 * Compiler.directives_add} uses), before the first hash, so no JVM flag is needed. A JVM without
 * that command (not HotSpot) keeps its default and the portal says so once in the log.
 */
final class Argon2Inlining {

    private static final Logger log = LoggerFactory.getLogger(Argon2Inlining.class);
    private static final String GENERATOR = "org/bouncycastle/crypto/generators/Argon2BytesGenerator";
    static final String DIRECTIVE = """
            [{ match: "%1$s*.*",
               inline: ["+%1$s.roundFunction", "+%1$s.F", "+%1$s.quarterRound", "+%1$s.access*",
                        "+org/bouncycastle/util/Longs.rotateRight", "-%1$s$FillBlock.applyBlake"] }]
            """.formatted(GENERATOR);

    private static final AtomicBoolean installed = new AtomicBoolean();

    private Argon2Inlining() {
    }

    /** Once per JVM; later calls (a second application context in tests, the CLI) do nothing. */
    static boolean install() {
        if (!installed.compareAndSet(false, true)) {
            return true;
        }
        Path file = null;
        try {
            file = Files.createTempFile("certportal-argon2-", ".json");
            Files.writeString(file, DIRECTIVE);
            Object answer = diagnosticCommand("compilerDirectivesAdd", file.toString());
            if (String.valueOf(answer).contains("1 compiler directives added")) {
                return true;
            }
            log.info("The JVM did not take the Argon2 compiler directive ({}); password hashing runs at the JIT's default speed",
                    String.valueOf(answer).trim());
        } catch (Exception | LinkageError e) {
            log.info("This JVM has no HotSpot compiler directives ({}); password hashing runs at the JIT's default speed", e.toString());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception ignored) {
                    // a temporary file of 300 bytes left behind is not worth failing the start for
                }
            }
        }
        return false;
    }

    static Object diagnosticCommand(String operation, String... arguments) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
    }
}
