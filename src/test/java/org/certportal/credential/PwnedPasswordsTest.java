package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The optional Pwned Passwords check (requirement 5 of issue 5) against a stub of the range API on
 * 127.0.0.1: the real service is never called from tests.
 */
class PwnedPasswordsTest {

    private static final String BREACHED = "violet tractor humming seventeen";
    private static final String UNKNOWN = "marble lantern orchestra drifting";
    private static final PasswordContext CONTEXT = new PasswordContext("j.oberholzer", "johanna@example.org", "Johanna Oberholzer");

    private HttpServer server;
    private ExecutorService handlers;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> paddingHeaders = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Mode mode = Mode.ANSWER;

    private enum Mode { ANSWER, STALL, FAIL }

    @BeforeEach
    void startStub() throws IOException {
        String breached = PwnedPasswords.sha1Hex(BREACHED);
        String unknown = PwnedPasswords.sha1Hex(UNKNOWN);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pwned-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/range/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " body=" + exchange.getRequestBody().readAllBytes().length);
            paddingHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Add-Padding")));
            if (mode == Mode.STALL) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (mode == Mode.FAIL) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            // Two real-looking lines, the breached password's suffix, and the unknown one's as padding (count 0).
            String body = "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n"
                    + breached.substring(5) + ":3861493\r\n"
                    + "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\r\n"
                    + unknown.substring(5) + ":0\r\n";
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private PasswordPolicy policy(boolean enabled, Duration timeout, boolean failOpen) {
        PasswordProperties d = PasswordProperties.defaults();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/range/");
        PasswordProperties.Pwned pwned = new PasswordProperties.Pwned(enabled, url, timeout, failOpen);
        return new PasswordPolicy(new PasswordProperties(d.minLength(), d.maxLength(), d.historySize(), 0, d.argon2(), pwned),
                PasswordBlocklist.empty(), new PwnedPasswords(pwned));
    }

    private static List<String> codes(List<PasswordProblem> problems) {
        return problems.stream().map(PasswordProblem::code).toList();
    }

    @Test
    void aBreachedPasswordIsRefused_andOnlyFiveHexCharactersLeaveTheMachine() {
        List<PasswordProblem> problems = policy(true, Duration.ofSeconds(2), true).check(BREACHED, CONTEXT);
        assertThat(codes(problems)).containsExactly("pwned");
        assertThat(problems.get(0).key()).isEqualTo("password.problem.pwned");

        String sha1 = PwnedPasswords.sha1Hex(BREACHED);
        assertThat(requests).containsExactly("GET /range/" + sha1.substring(0, 5) + " body=0");
        assertThat(paddingHeaders).containsExactly("true");
    }

    @Test
    void aPasswordTheServiceDoesNotKnowIsAccepted_paddingLinesDoNotCount() {
        assertThat(policy(true, Duration.ofSeconds(2), true).check(UNKNOWN, CONTEXT)).isEmpty();
        assertThat(requests).hasSize(1);
    }

    @Test
    void theHashIsTakenAfterNfc() {
        PwnedPasswords pwned = new PwnedPasswords(new PasswordProperties.Pwned(true,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/range"), Duration.ofSeconds(2), true));
        assertThat(pwned.lookup(java.text.Normalizer.normalize(BREACHED, java.text.Normalizer.Form.NFD))).isEqualTo(PwnedPasswords.Result.FOUND);
        assertThat(PwnedPasswords.sha1Hex("password")).isEqualTo("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
    }

    @Test
    void aTimeoutWithFailOpenAccepts() {
        mode = Mode.STALL;
        long start = System.nanoTime();
        assertThat(policy(true, Duration.ofMillis(300), true).check(UNKNOWN, CONTEXT)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutWithFailClosedRefusesWithAPlainReason() {
        mode = Mode.STALL;
        List<PasswordProblem> problems = policy(true, Duration.ofMillis(300), false).check(UNKNOWN, CONTEXT);
        assertThat(codes(problems)).containsExactly("pwned-unavailable");
        assertThat(problems.get(0).key()).isEqualTo("password.problem.pwned-unavailable");
    }

    @Test
    void anOutageNeverForcesAChangeAtSignInButLeavesTheCheckIncomplete() {
        mode = Mode.STALL;
        PasswordPolicy.SignInCheck check = policy(true, Duration.ofMillis(300), false).checkAtSignIn(UNKNOWN, CONTEXT);
        assertThat(check.problems()).isEmpty();
        assertThat(check.complete()).as("the password was not checked against the breaches: check it again next time").isFalse();
    }

    @Test
    void anAnswerCompletesTheSignInCheck() {
        PasswordPolicy.SignInCheck check = policy(true, Duration.ofSeconds(2), false).checkAtSignIn(UNKNOWN, CONTEXT);
        assertThat(check.problems()).isEmpty();
        assertThat(check.complete()).isTrue();
    }

    @Test
    void aBreachedPasswordIsDeemedInsecureAtSignIn() {
        assertThat(codes(policy(true, Duration.ofSeconds(2), false).checkAtSignIn(BREACHED, CONTEXT).problems())).containsExactly("pwned");
    }

    @Test
    void anErrorStatusCountsAsUnavailable() {
        mode = Mode.FAIL;
        assertThat(codes(policy(true, Duration.ofSeconds(2), false).check(UNKNOWN, CONTEXT))).containsExactly("pwned-unavailable");
        assertThat(policy(true, Duration.ofSeconds(2), true).check(UNKNOWN, CONTEXT)).isEmpty();
    }

    @Test
    void anUnreachableServiceCountsAsUnavailable() {
        int port = server.getAddress().getPort();
        server.stop(0);
        PwnedPasswords pwned = new PwnedPasswords(new PasswordProperties.Pwned(true, URI.create("http://127.0.0.1:" + port + "/range/"),
                Duration.ofSeconds(2), true));
        assertThat(pwned.lookup(UNKNOWN)).isEqualTo(PwnedPasswords.Result.UNAVAILABLE);
    }

    @Test
    void offByDefault_andNothingIsSentWhenOff() {
        assertThat(PasswordProperties.defaults().pwned().enabled()).isFalse();
        assertThat(PasswordProperties.defaults().pwned().failOpen()).isTrue();
        assertThat(PasswordProperties.defaults().pwned().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(PasswordProperties.defaults().pwned().url()).hasToString("https://api.pwnedpasswords.com/range/");
        assertThat(policy(false, Duration.ofSeconds(2), true).check(BREACHED, CONTEXT)).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void aPasswordRefusedOfflineIsNeverSent() {
        assertThat(codes(policy(true, Duration.ofSeconds(2), true).check("too short", CONTEXT))).containsExactly("too-short");
        assertThat(codes(policy(true, Duration.ofSeconds(2), true).check("abcdefghijklmnopq", CONTEXT))).containsExactly("sequence");
        assertThat(requests).isEmpty();
    }
}
