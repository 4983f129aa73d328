package org.certportal.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The same compiler directive the portal installs at start (org.certportal.credential.Argon2Inlining,
 * copied here because the bench does not depend on the portal's classes). Without it, HotSpot's JIT
 * compiles BouncyCastle's Argon2 well in some runs and badly in others (6 to 21 hashes/s on one core
 * of the same machine), so the ceiling would be a lottery; with it, the raw rate is the best this JVM
 * reaches, and the portal is measured against that.
 */
final class Argon2Jit {

    private static final String GENERATOR = "org/bouncycastle/crypto/generators/Argon2BytesGenerator";
    static final String DIRECTIVE = """
            [{ match: "%1$s*.*",
               inline: ["+%1$s.roundFunction", "+%1$s.F", "+%1$s.quarterRound", "+%1$s.access*",
                        "+org/bouncycastle/util/Longs.rotateRight", "-%1$s$FillBlock.applyBlake"] }]
            """.formatted(GENERATOR);

    private Argon2Jit() {
    }

    static String install() {
        try {
            Path file = Files.createTempFile("bench-argon2-", ".json");
            try {
                Files.writeString(file, DIRECTIVE);
                Object answer = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                return String.valueOf(answer).contains("1 compiler directives added") ? "argon2-inlining" : "default (" + String.valueOf(answer).trim() + ")";
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception e) {
            return "default (" + e + ")";
        }
    }
}
