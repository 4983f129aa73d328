package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compiler directive that keeps Argon2 fast (see {@link Argon2Inlining} for why) reaches the JIT, once. */
class Argon2InliningTest {

    @Test
    void theDirectiveIsInstalledOnceOnHotSpot() throws Exception {
        assertThat(Argon2Inlining.install()).as("this build runs on HotSpot, which takes compiler directives").isTrue();
        new PasswordHasher(PasswordProperties.defaults());
        assertThat(Argon2Inlining.install()).isTrue();

        String directives = String.valueOf(Argon2Inlining.diagnosticCommand("compilerDirectivesPrint"));
        assertThat(directives).contains("matching: org/bouncycastle/crypto/generators/Argon2BytesGenerator*.*")
                .contains("+org/bouncycastle/crypto/generators/Argon2BytesGenerator.quarterRound")
                .contains("-org/bouncycastle/crypto/generators/Argon2BytesGenerator$FillBlock.applyBlake");
        assertThat(directives.split("matching: org/bouncycastle", -1)).as("added once, however many hashers are built").hasSize(2);
    }
}
