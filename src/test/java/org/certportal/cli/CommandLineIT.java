package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.awaitility.Awaitility;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.Role;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.certportal.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The administration commands of the contract, run in-process against the test's own database. */
class CommandLineIT extends IntegrationTest {

    @TempDir
    Path files;

    @Autowired
    Environment environment;

    private InProcessCommand.Result run(String stdin, String... args) {
        return InProcessCommand.run(environment, List.of("--certportal.password.argon2.memory-kib=7168", "--certportal.password.argon2.iterations=1"), "--password-stdin: standard input is empty", stdin, args);
    }

    @Test
    void userAddWithPasswordFromStdinThenSignIn() {
        String name = unique("cliadd");
        InProcessCommand.Result r = run(PASSWORD, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--role=SUPPORT", "--password-stdin");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(accounts.findByUsername(name)).hasValueSatisfying(a -> assertThat(a.role().name()).isEqualTo("SUPPORT"));
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
    }

    @Test
    void badInputExitsWithTwoAndOneLineReason() {
        String name = unique("clibad");
        run(PASSWORD, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--password-stdin");
        InProcessCommand.Result duplicate = run(PASSWORD, "user", "add", "--username=" + name.toUpperCase(), "--email=" + emailOf(name), "--password-stdin");
        assertThat(duplicate.exit()).isEqualTo(2);
        assertThat(duplicate.err()).contains("already taken").hasLineCount(1);

        InProcessCommand.Result weak = run("short", "user", "add", "--username=" + unique("w"), "--email=w@example.com", "--password-stdin");
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("at least 15 characters").hasLineCount(1);

        InProcessCommand.Result email = run(PASSWORD, "user", "add", "--username=" + unique("e"), "--email=not-an-email", "--password-stdin");
        assertThat(email.exit()).isEqualTo(2);
        assertThat(email.err()).contains("not a valid email address");

        InProcessCommand.Result role = run(PASSWORD, "user", "add", "--username=" + unique("r"), "--email=r@example.com", "--role=ROOT", "--password-stdin");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err()).contains("unknown role");

        assertThat(run(null, "user", "frobnicate").exit()).isEqualTo(2);
        assertThat(run(null, "user", "unlock", "--username=" + unique("nobody")).exit()).isEqualTo(2);
    }

    @Test
    void mustChangePasswordSendsTheNextSignInToTheChangePage() {
        String name = unique("climust");
        assertThat(run(PASSWORD, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--password-stdin", "--must-change-password").exit()).isZero();
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/password/change");
    }

    @Test
    void userAddWithoutPasswordSendsAnAccountSetupLink() {
        String name = unique("clisetup");
        InProcessCommand.Result r = run(null, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--role=ADMIN");
        assertThat(r.exit()).as(r.err()).isZero();
        // The command only queues the email; this running portal's dispatcher delivers it.
        String link = Mail.awaitSubject(greenMail, emailOf(name), "Set up your account").find(java.util.regex.Pattern.compile("(https?://\\S+/setup/[A-Za-z0-9_-]+)"));
        String path = link.substring(link.indexOf("/setup/"));
        Browser b = browser();
        assertThat(b.get(path).body()).contains("Choose your password").contains("autocomplete=\"new-password\"");
        String token = path.substring("/setup/".length());
        Browser.Page done = b.post("/setup", Map.of("token", token, "newPassword", PASSWORD, "confirmPassword", PASSWORD));
        assertThat(done.body()).contains("Your account is ready");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
        assertThat(b.get(path).body()).contains("invalid or expired");
    }

    @Test
    void importAcceptsHashesFromOtherSystemsAndUpgradesThemAtSignIn() throws Exception {
        String bcryptUser = unique("bc");
        String argonUser = unique("ar");
        String djangoUser = unique("dj");
        String passlibUser = unique("pl");
        String noPassword = unique("np");
        String bcrypt = new BCryptPasswordEncoder(4).encode(PASSWORD).replace("$2a$", "$2b$");
        String argon = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(PASSWORD);
        byte[] salt = "saltsaltsalt".getBytes(StandardCharsets.UTF_8);
        byte[] dk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, 10_000, 256)).getEncoded();
        String django = "pbkdf2_sha256$10000$saltsaltsalt$" + Base64.getEncoder().encodeToString(dk);
        String passlib = "$pbkdf2-sha256$10000$" + Base64.getEncoder().withoutPadding().encodeToString(salt).replace('+', '.') + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(dk).replace('+', '.');
        Path csv = files.resolve("import.csv");
        Files.writeString(csv, "username,email,role,password_hash\r\n"
                + bcryptUser + "," + emailOf(bcryptUser) + ",USER," + bcrypt + "\r\n"
                + argonUser + ",\"" + emailOf(argonUser) + "\",SUPPORT,\"" + argon + "\"\r\n"
                + djangoUser + "," + emailOf(djangoUser) + ",user,\"" + django + "\"\r\n"
                + passlibUser + "," + emailOf(passlibUser) + ",," + passlib + "\r\n"
                + noPassword + "," + emailOf(noPassword) + ",USER,\r\n");
        InProcessCommand.Result r = run(null, "user", "import", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Imported 5 accounts");

        for (String user : List.of(bcryptUser, argonUser, djangoUser, passlibUser)) {
            assertThat(browser().signIn(user, PASSWORD).location()).as(user).endsWith("/account");
            Awaitility.await(user + " re-hashed").atMost(Duration.ofSeconds(10)).until(() ->
                    accounts.findByUsername(user).map(Account::passwordHash).orElse("").startsWith("{argon2id}$argon2id$v=19$m=7168,t=1,p=1$"));
            assertThat(browser().signIn(user, PASSWORD).location()).as(user + " after the upgrade").endsWith("/account");
        }
        assertThat(browser().signIn(noPassword, PASSWORD).location()).endsWith("/login?error");
    }

    @Test
    void importRefusesABadFileWholeWithTheLineNumber() throws Exception {
        String good = unique("good");
        Path csv = files.resolve("import.csv");
        Files.writeString(csv, "username,email,role,password_hash\n" + good + "," + emailOf(good) + ",USER,\nbad user!,x@example.com,USER,\n");
        InProcessCommand.Result r = run(null, "user", "import", csv.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3");
        assertThat(accounts.findByUsername(good)).isEmpty();

        Files.writeString(csv, "username,email,role,password_hash\n" + good + "," + emailOf(good) + ",USER,md5:abc\n");
        InProcessCommand.Result hash = run(null, "user", "import", csv.toString());
        assertThat(hash.exit()).isEqualTo(2);
        assertThat(hash.err()).contains("unrecognised password hash");
        assertThat(run(null, "user", "import", "/no/such/file.csv").exit()).isEqualTo(2);
    }

    @Test
    void importIsAllOrNothing_aUsernameRepeatedInTheFileImportsNoRow() throws Exception {
        String first = unique("rep");
        String other = unique("rep");
        Path csv = files.resolve("repeat.csv");
        Files.writeString(csv, "username,email,role,password_hash\n" + first + "," + emailOf(first) + ",USER,\n" + other + "," + emailOf(other) + ",USER,\n"
                + first.toUpperCase() + ",other@example.com,ADMIN,\n");
        InProcessCommand.Result r = run(null, "user", "import", csv.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 4").contains("repeats line 2").contains("nothing was imported").hasLineCount(1);
        assertThat(accounts.findByUsername(first)).isEmpty();
        assertThat(accounts.findByUsername(other)).isEmpty();
    }

    @Test
    void importIsAllOrNothing_everyBadRowIsNamedAndNoneIsImported() throws Exception {
        String good = unique("good");
        String taken = unique("taken");
        createUser(taken);
        Path csv = files.resolve("bad.csv");
        Files.writeString(csv, "username,email,role,password_hash\n" + good + "," + emailOf(good) + ",USER,\n" + "bad user!,x@example.com,USER,\n"
                + unique("ok") + ",ok@example.com,USER,\n" + taken + ",t@example.com,USER,\n");
        InProcessCommand.Result r = run(null, "user", "import", csv.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3: a username may hold").contains("1 more bad row(s), at line 5").hasLineCount(1);
        assertThat(accounts.findByUsername(good)).isEmpty();
    }

    @Test
    void importRefusesHashesDearerThanThePortalsOwnOrTooCheap_namingTheRowAndTheLimit() throws Exception {
        // This context hashes at m=7168,t=1: an imported hash may cost no more than that.
        String user = unique("cap");
        String bcrypt = new BCryptPasswordEncoder(12).encode(PASSWORD);
        Path csv = files.resolve("caps.csv");
        Files.writeString(csv, "username,email,role,password_hash\n" + user + "," + emailOf(user) + ",USER," + bcrypt + "\n");
        InProcessCommand.Result dear = run(null, "user", "import", csv.toString());
        assertThat(dear.exit()).isEqualTo(2);
        assertThat(dear.err()).contains("line 2: bcrypt cost 12 is above the import limit of").hasLineCount(1);

        String argon = new Argon2PasswordEncoder(16, 32, 1, 65536, 1).encode(PASSWORD);
        Files.writeString(csv, "username,email,role,password_hash\n" + user + "," + emailOf(user) + ",USER,\"" + argon + "\"\n");
        assertThat(run(null, "user", "import", csv.toString()).err()).contains("line 2: Argon2 cost m=65536,t=1 is above the import limit");

        Files.writeString(csv, "username,email,role,password_hash\n" + user + "," + emailOf(user)
                + ",USER,pbkdf2_sha256$1000$saltsaltsalt$E2mD54hHRBD9/QaYlRQ0tKByc/hoeW8FUsx1qlfLA7A=\n");
        assertThat(run(null, "user", "import", csv.toString()).err()).contains("line 2: PBKDF2 with 1000 iterations is below the import minimum of 10000");
        assertThat(accounts.findByUsername(user)).isEmpty();
    }

    @Test
    void aLinkQueuedByTheCommandLineCarriesTheRunningPortalsOrigin() {
        String name = unique("cliorigin");
        // The command's own idea of the base URL (here a wrong one; by default http://localhost:8080) must not reach the email.
        InProcessCommand.Result r = run(null, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--certportal.base-url=https://wrong.example.com");
        assertThat(r.exit()).as(r.err()).isZero();
        Mail.Received mail = Mail.awaitSubject(greenMail, emailOf(name), "Set up your account");
        String link = mail.find(java.util.regex.Pattern.compile("(https?://\\S+/setup/[A-Za-z0-9_-]+)"));
        assertThat(link).startsWith("http://localhost:" + port + "/setup/");
        assertThat(mail.text()).doesNotContain("wrong.example.com").doesNotContain("{base-url}").contains("http://localhost:" + port + "/support");
        assertThat(mail.html()).doesNotContain("wrong.example.com").doesNotContain("{base-url}");
    }

    @Test
    void enableAndSetRoleBringAnAdministratorBack_andAreAudited() {
        createUser(unique("keeper"), Role.ADMIN); // another active administrator, so that the demotion below is allowed
        String name = unique("cliadmin");
        Account admin = createUser(name, Role.ADMIN);
        accounts.setStatus(admin.id(), AccountStatus.DISABLED);
        accounts.setRole(admin.id(), Role.USER);
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/login?error");

        InProcessCommand.Result enable = run(null, "user", "enable", "--username=" + name.toUpperCase());
        assertThat(enable.exit()).as(enable.err()).isZero();
        assertThat(enable.out()).contains("Enabled '" + name + "'");
        InProcessCommand.Result role = run(null, "user", "set-role", "--username=" + name, "--role=admin");
        assertThat(role.exit()).as(role.err()).isZero();
        assertThat(role.out()).contains("ADMIN").contains("was USER");

        Account back = accounts.findByUsername(name).orElseThrow();
        assertThat(back.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(back.role()).isEqualTo(Role.ADMIN);
        assertThat(jdbc.sql("SELECT actor || ' ' || type || ' ' || detail FROM audit_event WHERE account_id = ? AND actor = 'cli' ORDER BY id")
                .param(admin.id()).query(String.class).list()).containsExactly("cli ACCOUNT_ENABLED DISABLED -> ACTIVE", "cli ROLE_CHANGED USER -> ADMIN");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");

        InProcessCommand.Result again = run(null, "user", "enable", "--username=" + name);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("was not disabled");
    }

    @Test
    void enableAndSetRoleRefuseBadInputWithTwoAndOneLine() {
        InProcessCommand.Result nobody = run(null, "user", "enable", "--username=" + unique("nobody"));
        assertThat(nobody.exit()).isEqualTo(2);
        assertThat(nobody.err()).contains("no account with the username").hasLineCount(1);
        String name = unique("clirole");
        createUser(name);
        InProcessCommand.Result badRole = run(null, "user", "set-role", "--username=" + name, "--role=ROOT");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'ROOT'").hasLineCount(1);
        assertThat(run(null, "user", "set-role", "--username=" + name).exit()).isEqualTo(2);
        assertThat(accounts.findByUsername(name).orElseThrow().role()).isEqualTo(Role.USER);
    }

    @Test
    void setRoleRefusesToDemoteTheLastActiveAdministratorWithTwo() {
        jdbc.sql("UPDATE account SET status = 'DISABLED' WHERE role = 'ADMIN' AND status = 'ACTIVE'").update();
        String name = unique("clilastadmin");
        createUser(name, Role.ADMIN);
        InProcessCommand.Result r = run(null, "user", "set-role", "--username=" + name, "--role=USER");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("last active administrator").hasLineCount(1);
        assertThat(accounts.findByUsername(name).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void aCommandAgainstTheMigratedDatabaseLeavesFlywayOut() {
        int before = CommandSchema.FLYWAY_RUNS.get();
        String name = unique("clischema");
        InProcessCommand.Result r = run(PASSWORD, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--password-stdin");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(CommandSchema.FLYWAY_RUNS.get()).isEqualTo(before);
        assertThat(accounts.findByUsername(name)).isPresent();
    }

    @Test
    void aCommandAgainstANewDatabaseMigratesItFirst_andTheNextOneLeavesFlywayOut() throws Exception {
        String url = TestDatabase.newDatabaseUrl();
        List<String> database = List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + TestDatabase.username(), "--spring.datasource.password=",
                "--certportal.data-dir=" + files.resolve("data"), "--certportal.password.argon2.memory-kib=7168", "--certportal.password.argon2.iterations=1");
        int before = CommandSchema.FLYWAY_RUNS.get();
        List<String> add = new ArrayList<>(List.of("user", "add", "--username=first", "--email=first@example.com", "--password-stdin"));
        add.addAll(database);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = CommandLineEntry.run(add.toArray(String[]::new), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), () -> PASSWORD);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(CommandSchema.FLYWAY_RUNS.get()).isEqualTo(before + 1);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, TestDatabase.username(), "");
                java.sql.ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM account WHERE username = 'first'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        List<String> unlock = new ArrayList<>(List.of("user", "unlock", "--username=first"));
        unlock.addAll(database);
        assertThat(CommandLineEntry.run(unlock.toArray(String[]::new), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), () -> null)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(CommandSchema.FLYWAY_RUNS.get()).as("the database is current now").isEqualTo(before + 1);
    }

    @Test
    void unlockLiftsALock() {
        String name = unique("cliunlock");
        createUser(name);
        for (int i = 0; i < 5; i++) {
            browser().signIn(name, "wrong wrong wrong wrong 1");
        }
        assertThat(browser().signIn(name, PASSWORD).location()).contains("locked");
        InProcessCommand.Result r = run(null, "user", "unlock", "--username=" + name);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Unlocked");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
    }

    @Test
    void auditExportWritesTheWindowAsJsonLinesOldestFirst_withStableFieldsAndUtcTimes() {
        String name = unique("cliaudit");
        for (String at : List.of("2031-01-01T00:00:00Z", "2031-01-01T01:00:00Z", "2031-01-01T02:00:00Z")) {
            jdbc.sql("INSERT INTO audit_event (at, type, outcome, username, actor, client_address, detail) VALUES (?,?,?,?,?,?,?)")
                    .param(java.time.OffsetDateTime.parse(at)).param("SIGN_IN").param("FAILURE").param(name).param("self").param("192.0.2.7")
                    .param("at " + at + ": Zo\u00eb said \"hi\"\nsecond line").update();
        }
        InProcessCommand.Result window = run(null, "audit", "export", "--since=2031-01-01T00:30:00Z", "--until=2031-01-01T02:00:00Z");
        assertThat(window.exit()).as(window.err()).isZero();
        assertThat(window.err()).isEmpty();
        // Standard output holds JSON lines and nothing else, one event a line.
        assertThat(window.out().lines()).allSatisfy(line -> assertThat(line).startsWith("{\"id\":").endsWith("}"));
        List<tools.jackson.databind.JsonNode> mine = events(window.out(), name);
        assertThat(mine).hasSize(1);
        tools.jackson.databind.JsonNode e = mine.get(0);
        List<String> fields = new ArrayList<>();
        e.propertyNames().forEach(fields::add);
        assertThat(fields).containsExactly("id", "at", "type", "outcome", "account_id", "username", "actor", "client_address", "detail");
        assertThat(e.get("at").asString()).isEqualTo("2031-01-01T01:00:00Z");
        assertThat(e.get("type").asString()).isEqualTo("SIGN_IN");
        assertThat(e.get("outcome").asString()).isEqualTo("FAILURE");
        assertThat(e.get("account_id").isNull()).isTrue();
        assertThat(e.get("client_address").asString()).isEqualTo("192.0.2.7");
        assertThat(e.get("detail").asString()).isEqualTo("at 2031-01-01T01:00:00Z: Zo\u00eb said \"hi\"\nsecond line");

        InProcessCommand.Result open = run(null, "audit", "export", "--since=2031-01-01T01:00:00+01:00");
        assertThat(open.exit()).as(open.err()).isZero();
        assertThat(events(open.out(), name)).extracting(n -> n.get("at").asString())
                .containsExactly("2031-01-01T00:00:00Z", "2031-01-01T01:00:00Z", "2031-01-01T02:00:00Z");
    }

    @Test
    void auditExportReadsALongLogInPages_withoutLosingOrRepeatingEventsOfTheSameInstant() {
        String name = unique("clipages");
        int n = 1201; // more than two pages, every event at the same instant: the pages are keyed on the id too
        for (int i = 0; i < n; i++) {
            jdbc.sql("INSERT INTO audit_event (at, type, outcome, username, actor, detail) VALUES (?,?,?,?,?,?)")
                    .param(java.time.OffsetDateTime.parse("2032-01-01T00:00:00Z")).param("SIGN_IN").param("FAILURE").param(name).param("self")
                    .param("n" + i).update();
        }
        InProcessCommand.Result r = run(null, "audit", "export", "--since=2032-01-01T00:00:00Z", "--until=2032-01-01T00:00:01Z");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> details = events(r.out(), name).stream().map(node -> node.get("detail").asString()).toList();
        assertThat(details).hasSize(n).doesNotHaveDuplicates();
        assertThat(details.get(0)).isEqualTo("n0");
        assertThat(details.get(n - 1)).isEqualTo("n" + (n - 1));
    }

    @Test
    void auditExportOfRealEventsNeverCarriesTheSecret() {
        String since = java.time.Instant.now().minusSeconds(5).toString();
        String name = unique("clisecret");
        assertThat(run(PASSWORD, "user", "add", "--username=" + name, "--email=" + emailOf(name), "--password-stdin").exit()).isZero();
        browser().signIn(name, "wrong wrong wrong wrong 1");
        assertThat(browser().signIn(name, PASSWORD).location()).endsWith("/account");
        InProcessCommand.Result r = run(null, "audit", "export", "--since=" + since);
        assertThat(r.exit()).as(r.err()).isZero();
        List<tools.jackson.databind.JsonNode> mine = events(r.out(), name);
        assertThat(mine).extracting(node -> node.get("type").asString()).contains("ACCOUNT_CREATED", "SIGN_IN");
        assertThat(mine).allSatisfy(node -> assertThat(node.get("at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertThat(r.out()).doesNotContain(PASSWORD).doesNotContain("wrong wrong wrong");
    }

    @Test
    void auditExportRefusesABadWindowWithTwoAndOneLine() {
        for (String[] bad : List.of(new String[] {"--since=yesterday"}, new String[] {"--since=2026-12-01T00:00:00"}, new String[] {},
                new String[] {"--since=2026-12-02T00:00:00Z", "--until=2026-12-01T00:00:00Z"}, new String[] {"--since=2026-12-01T00:00:00Z", "--until=x"})) {
            List<String> args = new ArrayList<>(List.of("audit", "export"));
            args.addAll(List.of(bad));
            InProcessCommand.Result r = run(null, args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).hasLineCount(1).startsWith("certportal: --");
            assertThat(r.out()).isEmpty();
        }
    }

    private static List<tools.jackson.databind.JsonNode> events(String jsonLines, String username) {
        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        return jsonLines.lines().map(json::readTree).filter(node -> username.equals(node.get("username").asString(null))).toList();
    }
}
