package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Hashing, checking, upgrading and importing passwords (requirement 4 of issue 5), without Spring. */
class PasswordHasherTest {

    private static final String PASSWORD = "violet tractor humming seventeen";

    /** The cheapest cost the configuration accepts, so that the tests stay quick. */
    private static PasswordHasher hasher(int memoryKib, int iterations) {
        PasswordProperties d = PasswordProperties.defaults();
        return new PasswordHasher(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 2,
                new PasswordProperties.Argon2(memoryKib, iterations, 1), d.pwned()));
    }

    private static final PasswordHasher CHEAP = hasher(7168, 1);

    @Test
    void hashesWithArgon2idAndChecks() {
        String stored = CHEAP.hash(PASSWORD);
        assertThat(stored).startsWith("{argon2id}$argon2id$v=19$m=7168,t=1,p=1$");
        assertThat(CHEAP.matches(PASSWORD, stored)).isTrue();
        assertThat(CHEAP.matches(PASSWORD + " ", stored)).isFalse();
        assertThat(CHEAP.matches("Violet tractor humming seventeen", stored)).isFalse();
        assertThat(CHEAP.hash(PASSWORD)).as("a new salt every time").isNotEqualTo(stored);
        assertThat(CHEAP.needsUpgrade(stored)).isFalse();
    }

    @Test
    void everyHashIsTimedInWallAndCpuTime_forOperatorsAndTheBenchmark() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        PasswordProperties d = PasswordProperties.defaults();
        PasswordHasher timed = new PasswordHasher(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 2,
                new PasswordProperties.Argon2(7168, 1, 1), d.pwned()), meters);
        String stored = timed.hash(PASSWORD);
        timed.matches(PASSWORD, stored);
        timed.dummyCheck("no such user's guess");

        var wall = meters.get("certportal.password.hash").timer();
        var cpu = meters.get("certportal.password.hash.cpu").timer();
        assertThat(wall.count()).isEqualTo(3);
        assertThat(meters.get("certportal.password.hash.queue").timer().count()).isEqualTo(3);
        assertThat(cpu.count()).isEqualTo(3);
        // a hash at 7 MiB is CPU work: its thread's CPU time is a real share of its wall time, and never more
        assertThat(cpu.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive()
                .isLessThanOrEqualTo(wall.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) + 20_000_000L);
    }

    @Test
    void hashesBeyondMaxConcurrentHashesWaitForAFreeSlot() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        PasswordProperties d = PasswordProperties.defaults();
        try (PasswordHasher oneAtATime = new PasswordHasher(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 1,
                new PasswordProperties.Argon2(7168, 2, 1), d.pwned()), meters)) {
            String stored = oneAtATime.hash(PASSWORD);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                var checks = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
                for (int i = 0; i < 3; i++) {
                    checks.add(pool.submit(() -> oneAtATime.matches(PASSWORD, stored)));
                }
                for (var check : checks) {
                    assertThat(check.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            var wall = meters.get("certportal.password.hash").timer();
            var queue = meters.get("certportal.password.hash.queue").timer();
            assertThat(wall.count()).isEqualTo(4);
            // three checks arriving together with one slot: the last one waited for (at least most of) two others
            double shortestHash = wall.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 4 / 2;
            assertThat(queue.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThan(shortestHash);
        }
    }

    /** One slot, which the test holds until it has queued what it wants behind it. */
    private static PasswordHasher oneSlot(io.micrometer.core.instrument.MeterRegistry meters, java.time.Duration maxQueueWait) {
        PasswordProperties d = PasswordProperties.defaults();
        return new PasswordHasher(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 1,
                new PasswordProperties.Argon2(7168, 1, 1), d.pwned(), maxQueueWait), meters);
    }

    private static void awaitWaiting(io.micrometer.core.instrument.MeterRegistry meters, int n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(1))
                .until(() -> meters.get("certportal.password.hash.waiting").gauge().value() == n);
    }

    /** Takes the only slot until {@code release} opens. */
    private static java.util.concurrent.Future<?> holdTheSlot(PasswordHasher hasher, java.util.concurrent.ExecutorService pool,
            java.util.concurrent.CountDownLatch release) throws InterruptedException {
        var running = new java.util.concurrent.CountDownLatch(1);
        var held = pool.submit(() -> hasher.gated(PasswordHasher.Priority.SIGN_IN, () -> {
            running.countDown();
            try {
                return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return held;
    }

    @Test
    void workOfASessionGoesBeforeNewSignInsThatWaitedLonger() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        try (PasswordHasher hasher = oneSlot(meters, java.time.Duration.ZERO)) {
            var done = new java.util.concurrent.ConcurrentLinkedQueue<String>();
            var release = new java.util.concurrent.CountDownLatch(1);
            var all = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            all.add(holdTheSlot(hasher, pool, release));
            for (int i = 1; i <= 3; i++) {
                String which = "sign-in " + i;
                all.add(pool.submit(() -> hasher.gated(PasswordHasher.Priority.SIGN_IN, () -> done.add(which))));
                awaitWaiting(meters, i);
            }
            all.add(pool.submit(() -> hasher.gated(PasswordHasher.Priority.SESSION, () -> done.add("password change"))));
            awaitWaiting(meters, 4);
            release.countDown();
            for (var f : all) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(done).containsExactly("password change", "sign-in 1", "sign-in 2", "sign-in 3");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewSignInIsRefusedWhileTheQueueWouldMakeItWaitLongerThanTheBound_andCounted() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (PasswordHasher hasher = oneSlot(meters, java.time.Duration.ofMillis(1))) {
            try (var first = hasher.admitNewSignIn()) {
                assertThat(first.refused()).as("nothing queued").isFalse();
            }
            var release = new java.util.concurrent.CountDownLatch(1);
            var all = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            all.add(holdTheSlot(hasher, pool, release));
            for (int i = 0; i < 2; i++) {
                all.add(pool.submit(() -> hasher.dummyCheck("a guess", PasswordHasher.Priority.SIGN_IN)));
            }
            awaitWaiting(meters, 2);
            Thread.sleep(5);
            try (var late = hasher.admitNewSignIn()) {
                assertThat(late.refused()).as("two waiting for over 1 ms").isTrue();
            }
            release.countDown();
            for (var f : all) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            try (var again = hasher.admitNewSignIn()) {
                assertThat(again.refused()).as("the queue has drained").isFalse();
            }
            assertThat(meters.get("certportal.password.hash.shed").counter().count()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The CI failure of SignInLoadSheddingIT on PostgreSQL: sixteen sign-ins checked the queue together,
     * found it empty, and were all admitted before the first of them had looked its account up and
     * queued its hash. An admission now holds its place from the check on.
     */
    @Test
    void admittedSignInsHoldTheirPlaceFromTheCheckSoABurstCannotAllPassAnEmptyQueue() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (PasswordHasher hasher = oneSlot(meters, java.time.Duration.ofMillis(250))) {
            for (int i = 0; i < 3; i++) {
                hasher.dummyCheck("warm", PasswordHasher.Priority.SIGN_IN);
            }
            double meanMillis = meters.get("certportal.password.hash").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS);
            // only meaningful when a hash here takes long enough that a handful already exceeds the bound
            org.junit.jupiter.api.Assumptions.assumeTrue(meanMillis > 5, "hashes take " + meanMillis + " ms here");
            var admissions = new java.util.ArrayList<PasswordHasher.Admission>();
            try {
                int admitted = 0;
                for (int i = 0; i < 200; i++) {
                    var admission = hasher.admitNewSignIn();
                    admissions.add(admission);
                    if (!admission.refused()) {
                        admitted++;
                    }
                }
                assertThat(admitted).as("admitted before any of them queued a hash").isBetween(1, 60);
                assertThat(meters.get("certportal.password.hash.shed").counter().count()).isEqualTo(200 - admitted);
            } finally {
                admissions.forEach(PasswordHasher.Admission::close);
            }
            try (var after = hasher.admitNewSignIn()) {
                assertThat(after.refused()).as("closed admissions gave their places back").isFalse();
            }
        }
    }

    @Test
    void anAdmittedSignInsHashTakesItsHeldPlaceAndDoesNotQueueTwice() throws Exception {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (PasswordHasher hasher = oneSlot(meters, java.time.Duration.ofSeconds(5))) {
            try (var admission = hasher.admitNewSignIn()) {
                assertThat(admission.refused()).isFalse();
                assertThat(meters.get("certportal.password.hash.waiting").gauge().value()).isEqualTo(1);
                hasher.dummyCheck("a guess", PasswordHasher.Priority.SIGN_IN);
                assertThat(meters.get("certportal.password.hash.waiting").gauge().value()).as("the hash took the held place").isZero();
            }
            assertThat(meters.get("certportal.password.hash.waiting").gauge().value()).isZero();
        }
    }

    @Test
    void composedAndDecomposedFormsCheckAgainstTheSameHash() {
        String composed = "Crème brûlée au café noir, s'il vous plaît";
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        assertThat(CHEAP.matches(decomposed, CHEAP.hash(composed))).isTrue();
        assertThat(CHEAP.matches(composed, CHEAP.hash(decomposed))).isTrue();
    }

    @Test
    void missingHashesAndOverlongInputsNeverMatch() {
        String stored = CHEAP.hash(PASSWORD);
        assertThat(CHEAP.matches(PASSWORD, null)).isFalse();
        assertThat(CHEAP.matches(PASSWORD, "")).isFalse();
        assertThat(CHEAP.matches(PASSWORD, "{argon2id}garbage")).isFalse();
        assertThat(CHEAP.tooLong("a".repeat(1_000_000))).isTrue();
        assertThat(CHEAP.tooLong("a".repeat(1024))).isFalse();
        assertThat(CHEAP.tooLong("a".repeat(1025))).isTrue();
        assertThat(CHEAP.matches("a".repeat(1_000_000), stored)).isFalse();
    }

    @Test
    void aLowerArgon2CostNeedsAnUpgrade() {
        PasswordHasher current = hasher(9216, 2);
        String old = CHEAP.hash(PASSWORD);
        assertThat(current.matches(PASSWORD, old)).as("an older cost still checks").isTrue();
        assertThat(current.needsUpgrade(old)).isTrue();
        assertThat(current.needsUpgrade(current.hash(PASSWORD))).isFalse();
        // Fewer iterations alone, or less memory alone, is enough.
        assertThat(current.needsUpgrade(hasher(9216, 1).hash(PASSWORD))).isTrue();
        assertThat(current.needsUpgrade(hasher(7168, 2).hash(PASSWORD))).isTrue();
        assertThat(CHEAP.needsUpgrade(current.hash(PASSWORD))).as("a higher cost is kept").isFalse();
    }

    @Test
    void anUnreadableStoredHashNeedsAnUpgrade() {
        assertThat(CHEAP.needsUpgrade("{md5}5f4dcc3b5aa765d61d8327deb882cf99")).isTrue();
        assertThat(CHEAP.needsUpgrade(null)).isFalse();
    }

    // --- imports from other systems ------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BCryptPasswordEncoder.BCryptVersion.class)
    void bcryptImportsOfEveryVersionCheckAndAreUpgraded(BCryptPasswordEncoder.BCryptVersion version) {
        String exported = new BCryptPasswordEncoder(version, 4).encode(PASSWORD);
        assertThat(exported).startsWith(version.getVersion() + "$04$");
        String stored = ImportedHash.toStored(exported).orElseThrow();
        assertThat(stored).isEqualTo("{bcrypt}" + exported);
        assertThat(CHEAP.matches(PASSWORD, stored)).isTrue();
        assertThat(CHEAP.matches("violet tractor humming seventeen!", stored)).isFalse();
        assertThat(CHEAP.needsUpgrade(stored)).isTrue();
    }

    @Test
    void thePhpManualsBcryptExampleChecks() {
        // password_verify() example of the PHP manual: "rasmuslerdorf".
        String stored = ImportedHash.toStored("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a").orElseThrow();
        assertThat(CHEAP.matches("rasmuslerdorf", stored)).isTrue();
        assertThat(CHEAP.matches("rasmuslerdorF", stored)).isFalse();
    }

    @Test
    void djangoPbkdf2ImportsCheckAndAreUpgraded() {
        // Computed with Python's hashlib.pbkdf2_hmac, an implementation independent of the JDK's.
        String exported = "pbkdf2_sha256$20000$seasalt$ci/cX8oEqIWhmce5GZTnks5fpKq+omPpreR84MIqj2c=";
        String stored = ImportedHash.toStored(exported).orElseThrow();
        assertThat(stored).isEqualTo("{pbkdf2-legacy}" + exported);
        assertThat(CHEAP.matches("correct horse battery staple", stored)).isTrue();
        assertThat(CHEAP.matches("correct horse battery stapler", stored)).isFalse();
        assertThat(CHEAP.needsUpgrade(stored)).isTrue();

        String unicode = ImportedHash.toStored("pbkdf2_sha256$10000$Zf3kQ9$XQQSJDogKdWywTCVzplWDEyMl9a/ObSkS2hC5SDzg7s=").orElseThrow();
        assertThat(CHEAP.matches("Ünïcödé pässwörd ✓", unicode)).isTrue();
        assertThat(CHEAP.matches(Normalizer.normalize("Ünïcödé pässwörd ✓", Normalizer.Form.NFD), unicode)).as("NFC before checking").isTrue();
    }

    @Test
    void passlibPbkdf2ImportsCheckAndAreUpgraded() {
        // The examples of passlib's documentation ("password", "toomanysecrets"), and a SHA-512 one from Python's hashlib.
        String[][] vectors = {
                {"password", "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M"},
                {"password", "$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE"},
                {"toomanysecrets", "$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk"},
                {"correct horse battery staple", "$pbkdf2-sha512$25000$MDEyMzQ1Njc4OWFiY2RlZg$"
                        + "1ghj0T0HZWch00LfnhjXx3er7ZDEEN1BF6pxsBlgz/d07d.Qxz5Kg1Oz9g8VdS6ebiSwisnASzPZrBoVE1c39Q"}};
        for (String[] v : vectors) {
            String stored = ImportedHash.toStored(v[1]).orElseThrow();
            assertThat(stored).isEqualTo("{pbkdf2-legacy}" + v[1]);
            assertThat(CHEAP.matches(v[0], stored)).as(v[1]).isTrue();
            assertThat(CHEAP.matches(v[0] + "x", stored)).as(v[1]).isFalse();
            assertThat(CHEAP.needsUpgrade(stored)).isTrue();
        }
    }

    @Test
    void argon2ImportsCheck_andALowerCostIsUpgraded() {
        String exported = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode(PASSWORD);
        String stored = ImportedHash.toStored(exported).orElseThrow();
        assertThat(stored).isEqualTo("{argon2id}" + exported);
        assertThat(CHEAP.matches(PASSWORD, stored)).isTrue();
        assertThat(CHEAP.needsUpgrade(stored)).as("4 MiB is below the configured 7 MiB").isTrue();
    }

    @Test
    void importedHashRecognisesOnlyTheShapesItCanCheck() {
        String bcrypt = new BCryptPasswordEncoder(4).encode(PASSWORD);
        assertThat(ImportedHash.toStored("  " + bcrypt + "\t")).contains("{bcrypt}" + bcrypt);
        assertThat(ImportedHash.toStored(null)).isEmpty();
        assertThat(ImportedHash.toStored("")).isEmpty();
        assertThat(ImportedHash.toStored("   ")).isEmpty();
        assertThat(ImportedHash.toStored("hunter2")).as("a clear-text password").isEmpty();
        assertThat(ImportedHash.toStored("{bcrypt}" + bcrypt)).as("already carries an id").isEmpty();
        assertThat(ImportedHash.toStored("$2x$" + bcrypt.substring(4))).as("the buggy $2x$ variant").isEmpty();
        assertThat(ImportedHash.toStored(bcrypt.substring(0, 59))).as("truncated").isEmpty();
        assertThat(ImportedHash.toStored("$2a$1$" + bcrypt.substring(7))).as("one-digit cost").isEmpty();
        assertThat(ImportedHash.toStored("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ")).as("no hash part").isEmpty();
        assertThat(ImportedHash.toStored("5f4dcc3b5aa765d61d8327deb882cf99")).as("unsalted MD5").isEmpty();
        assertThat(ImportedHash.toStored("sha1$abc$0f1e2d")).as("Django SHA-1").isEmpty();
        assertThat(ImportedHash.toStored("pbkdf2_md5$1000$salt$AAAA")).as("unknown digest").isEmpty();
        assertThat(ImportedHash.toStored("pbkdf2_sha256$0$salt$E2mD54hHRBD9/QaYlRQ0tKByc/hoeW8FUsx1qlfLA7A=")).as("no iterations").isEmpty();
        assertThat(ImportedHash.toStored("pbkdf2_sha256$99999999$salt$E2mD54hHRBD9/QaYlRQ0tKByc/hoeW8FUsx1qlfLA7A=")).as("too many iterations").isEmpty();
        assertThat(ImportedHash.toStored("pbkdf2_sha256$1000$salt")).as("missing hash").isEmpty();
        assertThat(ImportedHash.toStored("$pbkdf2-sha256$1000$not base64!$AAAA")).isEmpty();
    }
}
