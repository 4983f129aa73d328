package org.certportal.testing;

import com.icegreen.greenmail.util.GreenMail;
import java.util.concurrent.atomic.AtomicInteger;
import org.certportal.CertportalApplication;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.credential.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * Boots the whole portal on a free port (see {@link TestDatabase}, which also makes it the base URL) against the run's database (H2 or PostgreSQL, see
 * {@link TestDatabase}) with the embedded SMTP server. Tests drive it over real HTTP, as the
 * acceptance tests do, and share one context: every test makes its own accounts.
 */
@SpringBootTest(classes = CertportalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "certportal.throttle.enabled=false",
        // the second-factor policy has its own test (SecondFactorPolicyIT); here staff accounts sign in with a password alone
        "certportal.mfa.required-roles=",
        "certportal.password.argon2.memory-kib=7168",
        "certportal.password.argon2.iterations=1",
        "certportal.mail.poll-interval=PT0.2S",
        "logging.level.root=warn",
        "logging.level.certportal=error"})
@Import(TestClockConfig.class)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class IntegrationTest {

    public static final String PASSWORD = "violet tractor humming seventeen";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected GreenMail greenMail;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected AccountService accounts;
    @Autowired
    protected PasswordHasher hasher;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected Browser browser() {
        return new Browser("http://localhost:" + port);
    }

    protected static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }

    protected Account createUser(String username, Role role) {
        return createUser(username, PASSWORD, role);
    }

    protected Account createUser(String username, String password, Role role) {
        return accounts.create(new NewAccount(username, username + "@example.com", null, role, hasher.hash(password), false, null));
    }

    protected Account createUser(String username) {
        return createUser(username, Role.USER);
    }

    protected String emailOf(String username) {
        return username + "@example.com";
    }

    protected long auditCount(Long accountId, AuditType type, AuditOutcome outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE account_id = ? AND type = ? AND outcome = ?")
                .param(accountId).param(type.name()).param(outcome.name()).query(Long.class).single();
    }
}
