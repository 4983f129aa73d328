package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.certportal.account.Account;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditActor;
import org.certportal.mail.OutgoingMail;
import org.certportal.mail.Outbox;
import org.certportal.recovery.RecoveryService;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.RawHttp;
import org.certportal.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evidence for the ASVS rows of SECURITY.md that were "not met: no test": each test proves the one
 * behaviour its name says, over HTTP against the booted portal (H2 and PostgreSQL).
 */
@ExtendWith(OutputCaptureExtension.class)
class AsvsEvidenceIT extends IntegrationTest {

    private static final Pattern INPUT_TAG = Pattern.compile("<input\\b[^>]*>");
    private static final Pattern NAME_ATTRIBUTE = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Set<String> PASSWORD_FIELDS = Set.of("password", "currentPassword", "newPassword", "confirmPassword");

    @Autowired
    RecoveryService recovery;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JavaMailSenderImpl mailSender;
    @Autowired
    LoggingSystem loggingSystem;
    @Autowired
    Environment environment;

    private Browser signedIn(String name) {
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).endsWith("/account");
        return b;
    }

    // ---- V3 ---------------------------------------------------------------------------------

    /** V3.4.3. */
    @Test
    void theCspForbidsPluginsAndBaseTagsOnPagesRedirectsErrorsAndJson() {
        String name = unique("csp");
        createUser(name);
        Browser b = signedIn(name);
        Map<String, Browser.Page> answers = Map.of(
                "/login", browser().get("/login"),
                "/account (signed in)", b.get("/account"),
                "/account (anonymous: redirect)", browser().get("/account"),
                "/no-such-page (404)", browser().get("/no-such-page"),
                "POST /password/strength (JSON)", b.post("/password/strength", Map.of("password", "abc")));
        answers.forEach((what, page) -> assertThat(page.header("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> {
            List<String> directives = Stream.of(csp.split(";")).map(String::strip).toList();
            assertThat(directives).contains("object-src 'none'", "base-uri 'none'", "default-src 'self'", "script-src 'self'", "frame-ancestors 'none'");
            assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*");
        }));
    }

    /** V3.2.1: JSON is served as JSON, never sniffed or rendered as a page. */
    @Test
    void jsonAnswersAreJsonWithNosniffAndTheCsp() {
        Browser b = browser();
        b.get("/login");
        Browser.Page strength = b.post("/password/strength", Map.of("password", "<script>alert(1)</script>"));
        Browser.Page health = browser().get("/actuator/health");
        for (Browser.Page json : List.of(strength, health)) {
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type").orElseThrow()).matches("application/(vnd\\.spring-boot\\.actuator\\.v\\d\\+)?json.*");
            assertThat(json.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(json.header("Content-Security-Policy").orElseThrow()).contains("default-src 'self'").contains("frame-ancestors 'none'");
            assertThat(json.header("Content-Disposition")).isEmpty();
            assertThat(json.body()).startsWith("{").doesNotContain("<script>");
        }
        assertThat(strength.header("Cache-Control").orElseThrow()).contains("no-store");
    }

    // ---- V6 ---------------------------------------------------------------------------------

    /** V6.2.6: every field that takes a password, on every page that has one. */
    @Test
    void everyPasswordFieldIsTypePassword() {
        String name = unique("pwfield");
        createUser(name);
        Browser b = signedIn(name);
        String newcomer = unique("pwsetup");
        Account account = accounts.create(new NewAccount(newcomer, emailOf(newcomer), null, Role.USER, null, false, null));
        recovery.sendAccountSetup(account, AuditActor.cli());
        String link = Mail.awaitSubject(greenMail, emailOf(newcomer), "Set up your account").find(Pattern.compile("https?://[^/\\s]+(/setup/[A-Za-z0-9_-]+)"));

        assertThat(passwordInputs(browser().get("/login").body())).as("/login").hasSize(1);
        assertThat(passwordInputs(b.get("/password/change").body())).as("/password/change").hasSize(3);
        assertThat(passwordInputs(browser().get(link).body())).as("/setup/{token}").hasSize(2);
    }

    /** The password inputs of a page; fails if one of them is not {@code type="password"}. */
    private static List<String> passwordInputs(String page) {
        List<String> found = new ArrayList<>();
        Matcher input = INPUT_TAG.matcher(page);
        while (input.find()) {
            Matcher name = NAME_ATTRIBUTE.matcher(input.group());
            if (name.find() && PASSWORD_FIELDS.contains(name.group(1))) {
                assertThat(input.group()).contains("type=\"password\"");
                found.add(name.group(1));
            }
        }
        return found;
    }

    /** V6.2.3, V7.5.1. */
    @Test
    void aWrongOrMissingCurrentPasswordIsRefusedAndThePasswordStaysUnchanged() {
        String name = unique("curpw");
        createUser(name);
        Browser b = signedIn(name);
        String next = "marble otter lantern ninety";

        b.get("/password/change");
        Browser.Page wrong = b.post("/password/change", Map.of("currentPassword", "not my password at all", "newPassword", next, "confirmPassword", next));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("That is not your current password.").doesNotContain("successfully");

        b.get("/password/change");
        Browser.Page missing = b.post("/password/change", Map.of("newPassword", next, "confirmPassword", next));
        assertThat(missing.status()).isEqualTo(200);
        assertThat(missing.body()).contains("Enter your current password.").doesNotContain("successfully");

        b.get("/password/change");
        Browser.Page empty = b.post("/password/change", Map.of("currentPassword", "", "newPassword", next, "confirmPassword", next));
        assertThat(empty.body()).contains("Enter your current password.");

        assertThat(browser().signIn(name, next).location()).as("the new password was not set").endsWith("/login?error");
        assertThat(browser().signIn(name, PASSWORD).location()).as("the old password still works").endsWith("/account");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event a JOIN account c ON c.id = a.account_id WHERE c.username = ? AND a.type = 'PASSWORD_CHANGED'")
                .param(name).query(Long.class).single()).isZero();

        // The same form with the right current password does change it: the refusals above came from the current password alone.
        b.get("/password/change");
        Browser.Page right = b.post("/password/change", Map.of("currentPassword", PASSWORD, "newPassword", next, "confirmPassword", next));
        assertThat(right.body()).contains("successfully");
        assertThat(browser().signIn(name, next).location()).endsWith("/account");
    }

    /** V6.2.10. */
    @Test
    void aPasswordDoesNotExpireAfterMoreThanAYear() {
        String name = unique("noexp");
        createUser(name);
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
        clock.advance(Duration.ofDays(400));
        Browser b = browser();
        assertThat(b.signIn(name, PASSWORD).location()).as("400 days later: straight to the account, no change asked").endsWith("/account");
        assertThat(b.get("/account").status()).isEqualTo(200);
        assertThat(accounts.findByUsername(name).orElseThrow().mustChangeReason()).isNull();
    }

    /** V6.3.2. */
    @Test
    void aFreshDatabaseHasNoAccountAtAll() {
        String url = TestDatabase.newDatabaseUrl();
        Flyway.configure().dataSource(url, TestDatabase.username(), "").locations("classpath:db/migration").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(url, TestDatabase.username(), "");
                var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM account")) {
            count.next();
            assertThat(count.getLong(1)).as("accounts after every migration on an empty database").isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // And the running portal made none at start either: no well-known name exists.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM account WHERE LOWER(username) IN ('root', 'admin', 'administrator', 'sa', 'support', 'test', 'guest', 'user', 'certportal')")
                .query(Long.class).single()).isZero();
    }

    // ---- V7 ---------------------------------------------------------------------------------

    private String sessionId(Browser b) {
        return new String(Base64.getDecoder().decode(b.cookie("SESSION").orElseThrow()), StandardCharsets.US_ASCII);
    }

    private void lastAccessed(String sessionId, Duration ago) {
        long millis = Instant.now().minus(ago).toEpochMilli();
        int maxInactive = jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = ?").param(sessionId).query(Integer.class).single();
        assertThat(jdbc.sql("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? WHERE SESSION_ID = ?")
                .param(millis).param(millis + maxInactive * 1000L).param(sessionId).update()).isEqualTo(1);
    }

    /**
     * V7.3.1. Spring Session JDBC measures idleness with the wall clock against the stored last
     * access, so the test moves the stored last access back instead of waiting half an hour.
     */
    @Test
    void aSessionIdleForThirtyMinutesIsOverButOneIdleForTwentyNineIsNot() {
        String name = unique("idle");
        createUser(name);
        Browser b = signedIn(name);
        String id = sessionId(b);
        assertThat(jdbc.sql("SELECT MAX_INACTIVE_INTERVAL FROM SPRING_SESSION WHERE SESSION_ID = ?").param(id).query(Integer.class).single())
                .as("spring.session.timeout=30m reaches the stored session").isEqualTo(1800);

        lastAccessed(id, Duration.ofMinutes(29));
        assertThat(b.get("/account").status()).as("idle 29 minutes").isEqualTo(200);

        lastAccessed(id, Duration.ofMinutes(30).plusSeconds(30));
        Browser.Page after = b.get("/account");
        assertThat(after.status()).as("idle 30.5 minutes").isIn(302, 303);
        assertThat(after.location()).endsWith("/login");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?").param(id).query(Long.class).single()).isZero();
    }

    /** V7.4.1. */
    @Test
    void theSessionCookieReplayedAfterSignOutIsRefused() {
        String name = unique("replay");
        createUser(name);
        Browser b = signedIn(name);
        String cookie = b.cookie("SESSION").orElseThrow();
        RawHttp raw = RawHttp.loopback(port);
        assertThat(raw.get("/account", Map.of("Cookie", "SESSION=" + cookie)).status()).as("the cookie alone is a session before sign-out").isEqualTo(200);

        b.get("/account");
        assertThat(b.post("/logout", Map.of()).location()).endsWith("/login?logout");

        RawHttp.Response replay = raw.get("/account", Map.of("Cookie", "SESSION=" + cookie));
        assertThat(replay.status()).isIn(302, 303);
        assertThat(replay.location()).endsWith("/login");
        assertThat(raw.get("/password/change", Map.of("Cookie", "SESSION=" + cookie)).location()).endsWith("/login");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?")
                .param(new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII)).query(Long.class).single()).isZero();
    }

    // ---- V14 --------------------------------------------------------------------------------

    /** V14.3.3, over HTTP: the cookies a sign-in leaves, and no script that could use Web Storage. */
    @Test
    void aSignInLeavesOnlyTheSessionAndDeviceCookiesHttpOnlyAndNoScriptUsesWebStorage() throws IOException {
        String name = unique("store");
        createUser(name);
        Browser b = browser();
        List<String> setCookies = new ArrayList<>(b.get("/login").headers().allValues("Set-Cookie"));
        Browser.Page signIn = b.post("/login", Map.of("username", name, "password", PASSWORD));
        setCookies.addAll(signIn.headers().allValues("Set-Cookie"));
        setCookies.addAll(b.get("/account").headers().allValues("Set-Cookie"));
        assertThat(signIn.location()).endsWith("/account");
        assertThat(setCookies).isNotEmpty().allSatisfy(c -> assertThat(c).contains("HttpOnly"));
        assertThat(setCookies.stream().map(c -> c.substring(0, c.indexOf('='))).distinct()).containsExactlyInAnyOrder("SESSION", "CERTPORTAL_DEVICE");

        List<Path> scripts;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "resources"))) {
            scripts = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList();
        }
        assertThat(scripts).anyMatch(p -> p.endsWith("portal.js")).anyMatch(p -> p.endsWith("strength.js"));
        for (Path script : scripts) {
            assertThat(Files.readString(script)).as(script.toString()).doesNotContain("localStorage").doesNotContain("sessionStorage")
                    .doesNotContain("indexedDB").doesNotContain("document.cookie").doesNotContain("caches.open");
        }
    }

    // ---- V16 --------------------------------------------------------------------------------

    /** V16.2.2: a JVM far from UTC changes neither the stored instant nor the offset in the log. */
    @Test
    void auditTimesAreTheSameInstantUnderANonUtcJvmZoneAndLogLinesCarryAnOffset(CapturedOutput output) {
        String name = unique("tz");
        TimeZone jvm = TimeZone.getDefault();
        loggingSystem.setLogLevel("certportal.audit", LogLevel.INFO);
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham")); // +12:45 or +13:45
            Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            assertThat(browser().signIn(name, "an unknown account's guess").location()).endsWith("/login?error");
            Instant after = clock.instant();
            Instant stored = jdbc.sql("SELECT at FROM audit_event WHERE username = ?").param(name)
                    .query((rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
            assertThat(stored).isBetween(before, after);
        } finally {
            TimeZone.setDefault(jvm);
            loggingSystem.setLogLevel("certportal.audit", null);
        }
        String type = jdbc.sql("SELECT data_type FROM information_schema.columns WHERE LOWER(table_name) = 'audit_event' AND LOWER(column_name) = 'at'")
                .query(String.class).single();
        assertThat(type).isEqualToIgnoringCase("TIMESTAMP WITH TIME ZONE");
        assertThat(output.getOut().lines().filter(l -> l.contains("SIGN_IN FAILURE"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .*"));
    }

    /** V16.2.3. */
    @Test
    void theLogGoesToTheConsoleOnlyNoFileOrNetworkAppender() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<Appender<?>> appenders = new ArrayList<>();
        for (Logger logger : logback.getLoggerList()) {
            for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                appenders.add(it.next());
            }
        }
        assertThat(appenders).as("appenders of every logger").isNotEmpty().allSatisfy(a -> {
            assertThat(a).isInstanceOf(ConsoleAppender.class);
            assertThat(((ConsoleAppender<?>) a).getTarget()).isEqualTo("System.out");
        });
        assertThat(environment.getProperty("logging.file.name")).isNull();
        assertThat(environment.getProperty("logging.file.path")).isNull();
        for (String config : List.of("logback.xml", "logback-spring.xml", "logback-test.xml", "log4j2.xml", "log4j2-spring.xml")) {
            assertThat(getClass().getClassLoader().getResource(config)).as(config).isNull();
        }
    }

    /** V16.3.4: a failed email delivery (backend TLS or relay failure) writes a WARN line naming the email. */
    @Test
    void aFailedEmailDeliveryIsLoggedAtWarn(CapturedOutput output) {
        String to = unique("faillog") + "@example.com";
        int port = mailSender.getPort();
        mailSender.setPort(1); // nothing listens there: the relay is "down"
        long id;
        try {
            tx.executeWithoutResult(status -> outbox.enqueue(new OutgoingMail(null, to, "username-reminder", "en",
                    Map.of("usernames", "u", "count", "1", "supportUrl", "http://s", "loginUrl", "http://l"))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.sql("SELECT attempts FROM outbox WHERE recipient = ?").param(to).query(Integer.class).single() >= 1);
            id = jdbc.sql("SELECT id FROM outbox WHERE recipient = ?").param(to).query(Long.class).single();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("Email " + id + " (username-reminder) not delivered"));
        } finally {
            mailSender.setPort(port);
        }
        String line = output.getOut().lines().filter(l -> l.contains("Email " + id + " (username-reminder) not delivered")).findFirst().orElseThrow();
        assertThat(line).contains(" WARN ").contains("OutboxDispatcher").contains("attempt 1 of").doesNotContain(to);
        jdbc.sql("UPDATE outbox SET next_attempt_at = ? WHERE recipient = ?").param(OffsetDateTime.now().minusSeconds(1)).param(to).update();
        Mail.awaitSubject(greenMail, to, "Your username");
    }

    /** V16.4.1. */
    @Test
    void crLfInAUsernameIsStoredAndLoggedWithoutTheLineBreak(CapturedOutput output) {
        String name = unique("crlf");
        String forged = "FORGED INFO certportal.audit SIGN_IN SUCCESS";
        loggingSystem.setLogLevel("certportal.audit", LogLevel.INFO);
        try {
            assertThat(browser().signIn(name + "\r\n" + forged, "a guess for no account").location()).endsWith("/login?error");
        } finally {
            loggingSystem.setLogLevel("certportal.audit", null);
        }
        List<String> stored = jdbc.sql("SELECT username FROM audit_event WHERE username LIKE ?").param(name + "%").query(String.class).list();
        assertThat(stored).containsExactly(name + "??" + forged);
        assertThat(output.getOut().lines().filter(l -> l.contains("SIGN_IN FAILURE"))).as("the audit line was written").isNotEmpty();
        assertThat(output.getOut().lines()).as("no line of the log begins with the injected text").noneMatch(l -> l.startsWith("FORGED"));
        assertThat(output.getAll()).doesNotContain("\r\n" + forged).doesNotContain("\n" + forged);
    }

    /** V16.5.1 (and V16.3.4: the container logs the unexpected exception at ERROR). */
    @Test
    void anUnexpectedErrorShowsAGenericPageWithoutInternals(CapturedOutput output) {
        String name = unique("err");
        createUser(name);
        Browser b = signedIn(name);
        Browser.Page page;
        // Logback's own record of the line, not the console: a context that failed to start earlier in the
        // same JVM (DatabaseStartIT) makes Spring Boot set logging up again, and the console appender can then
        // write to a stream that this test's output capture does not see.
        // Any start that failed earlier in this JVM (DatabaseStartIT, a refused command of CommandLineIT) made Spring
        // Boot remove the java.util.logging bridge that a running portal has; Tomcat logs through it.
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        root.addAppender(seen);
        jdbc.sql("ALTER TABLE audit_event RENAME TO audit_event_away").update();
        try {
            page = b.get("/account"); // lists the account's recent sign-ins from audit_event
        } finally {
            jdbc.sql("ALTER TABLE audit_event_away RENAME TO audit_event").update();
        }
        assertThat(page.status()).isEqualTo(500);
        assertThat(page.body()).contains("Something went wrong on our side.");
        assertThat(page.body().toLowerCase(java.util.Locale.ROOT)).doesNotContain("audit_event").doesNotContain("exception").doesNotContain("sql")
                .doesNotContain("jdbc").doesNotContain("org.certportal").doesNotContain("org.springframework").doesNotContain("at java.")
                .doesNotContain("stack").doesNotContain("trace");
        assertThat(page.header("Content-Security-Policy")).isPresent();
        assertThat(page.header("Cache-Control").orElse("")).contains("no-store");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> List.copyOf(seen.list).stream()
                    .anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR && e.getLoggerName().contains("dispatcherServlet")
                            && e.getFormattedMessage().contains("BadSqlGrammarException")));
        } finally {
            root.detachAppender(seen);
        }
        assertThat(b.get("/account").status()).as("the portal is back once the table is").isEqualTo(200);
    }
}
