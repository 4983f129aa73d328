package org.certportal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.MannWhitney;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Invariant 1, timing half: an existing and an unknown account take the same time to answer.
 * Interleaved pairs, compared with a Mann-Whitney U test; the figures are printed for the record.
 * The bar (p > 0.001) only catches a systematic difference, which is what would leak existence.
 */
@TestPropertySource(properties = {"certportal.lockout.max-failures=100", "certportal.password.argon2.memory-kib=19456",
        "certportal.password.argon2.iterations=2"})
class EnumerationTimingIT extends IntegrationTest {

    private static final int PAIRS = 120;

    @Test
    void forgotPasswordTakesTheSameTimeForAnExistingAndAnUnknownAccount() {
        String name = unique("timing");
        createUser(name);
        Browser b = browser();
        b.get("/forgot-password");
        for (int i = 0; i < 20; i++) { // warm-up
            b.post("/forgot-password", Map.of("username", name, "email", emailOf(name)));
        }
        double[] existing = new double[PAIRS];
        double[] unknown = new double[PAIRS];
        java.util.Random order = new java.util.Random(7);
        for (int i = 0; i < PAIRS; i++) {
            // Random order within each pair: the background work an existing account causes
            // after its answer must not always land on the request that follows it.
            if (order.nextBoolean()) {
                existing[i] = time(b, "/forgot-password", Map.of("username", name, "email", emailOf(name)));
                unknown[i] = time(b, "/forgot-password", Map.of("username", unique("nobody"), "email", "nobody@example.com"));
            } else {
                unknown[i] = time(b, "/forgot-password", Map.of("username", unique("nobody"), "email", "nobody@example.com"));
                existing[i] = time(b, "/forgot-password", Map.of("username", name, "email", emailOf(name)));
            }
        }
        report("/forgot-password", existing, unknown);
    }

    @Test
    void signInTakesTheSameTimeForAWrongPasswordAndAnUnknownUsername() {
        String name = unique("timelogin");
        createUser(name);
        Browser b = browser();
        b.get("/login");
        for (int i = 0; i < 10; i++) {
            b.signIn(unique("warm"), "not the password 000");
        }
        int pairs = 60; // below the 100-failure cap of the account
        double[] wrong = new double[pairs];
        double[] unknown = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            b.get("/login");
            wrong[i] = time(b, "/login", Map.of("username", name, "password", "not the password " + i));
            b.get("/login");
            unknown[i] = time(b, "/login", Map.of("username", unique("ghost"), "password", "not the password " + i));
        }
        report("/login", wrong, unknown);
    }

    private static double time(Browser b, String path, Map<String, String> form) {
        long start = System.nanoTime();
        Browser.Page page = b.post(path, form);
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(page.status()).isLessThan(400);
        return ms;
    }

    private static void report(String what, double[] a, double[] b) {
        double p = MannWhitney.pValue(a, b);
        System.out.printf("TIMING %s: existing median %.2f ms, unknown median %.2f ms, n=%d pairs, Mann-Whitney p=%.3f%n",
                what, MannWhitney.median(a), MannWhitney.median(b), a.length, p);
        assertThat(p).as(what + ": a timing difference between existing and unknown accounts").isGreaterThan(0.001);
    }
}
