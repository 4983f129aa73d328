package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.account.Account;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With the Pwned Passwords check on and the service out of reach (nothing listens on port 9 here),
 * a sign-in goes through, but the password is not recorded as checked against the policy: the next
 * sign-in checks it again, and a password found in a breach by then is still caught.
 */
@TestPropertySource(properties = {"certportal.password.pwned.enabled=true", "certportal.password.pwned.url=http://127.0.0.1:9/range/",
        "certportal.password.pwned.timeout=PT1S"})
class BreachCheckOutageIT extends IntegrationTest {

    @Test
    void anOutageLetsThePersonInWithoutMarkingThePasswordChecked() {
        String name = unique("outage");
        Account account = createUser(name);
        assertThat(browser().signIn(name, PASSWORD).location()).as("an outage never keeps anyone out").endsWith("/account");
        Account after = accounts.findById(account.id()).orElseThrow();
        assertThat(after.mustChangePassword()).isFalse();
        assertThat(after.policyFingerprint()).as("not checked against the breaches, so not recorded as checked").isNull();
    }
}
