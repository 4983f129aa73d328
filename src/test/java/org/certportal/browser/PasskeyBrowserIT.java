package org.certportal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.certportal.testing.Axe;
import org.certportal.testing.BrowserTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in Chromium with Selenium's virtual authenticator (CTAP2, internal, resident keys, user
 * verification that succeeds): added from /account/security, then used to sign in without a password
 * and as the second factor after one. The portal's base URL is http://localhost:PORT, a secure context.
 */
class PasskeyBrowserIT extends BrowserTest {

    private VirtualAuthenticator authenticator;

    @BeforeEach
    void addAuthenticator() {
        authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true));
    }

    @AfterEach
    void removeAuthenticator() {
        ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(authenticator);
    }

    /** Adds a passkey named {@code label} from /account/security; returns the axe violations of the pages on the way. */
    private List<Axe.Violation> addPasskey(String label) {
        open("/account/security");
        assertThat(find("#passkey-add-form").isDisplayed()).as("shown by the script").isTrue();
        assertThat(find("#passkey-needs-js").isDisplayed()).as("the no-script note is hidden").isFalse();
        List<Axe.Violation> violations = new ArrayList<>(Axe.check(driver, "account security with passkeys"));
        type("#passkey-name", label);
        clickAndWait(find("#add-passkey"));
        return violations;
    }

    @Test
    void addAPasskeyFromTheSecurityPageThenSignInWithItWithoutAPassword() {
        String name = unique("bpk");
        createUser(name);
        signInWith(name, PASSWORD);
        List<Axe.Violation> violations = addPasskey("Laptop passkey");
        assertThat(pageText()).contains("The passkey was added");
        assertThat(driver.findElements(By.cssSelector("[data-recovery-code]"))).as("the first factor brings recovery codes").hasSize(10);
        screenshot("65-passkey-added");
        violations.addAll(Axe.check(driver, "passkey recovery codes"));
        clickAndWait(find("#codes-continue"));
        assertThat(pageText()).contains("Passkey").contains("Laptop passkey").contains("Unused recovery codes: 10");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().get(0).isResidentCredential()).as("discoverable").isTrue();

        signOut();
        open("/login");
        violations.addAll(Axe.check(driver, "login with passkey"));
        screenshot("66-login-with-passkey");
        clickAndWait(find("#passkey-sign-in"));
        assertThat(path()).as("signed in by the passkey alone").isEqualTo("/account");
        assertThat(pageText()).contains(name);
        open("/account/security");
        assertThat(path()).isEqualTo("/account/security");
        assertThat(violations).as("WCAG 2.2 AA violations (axe-core)").isEmpty();
    }

    @Test
    void aPasskeyServesAsTheSecondFactorAfterThePassword() {
        String name = unique("bpk2");
        createUser(name);
        signInWith(name, PASSWORD);
        addPasskey("Phone passkey");
        assertThat(driver.findElements(By.cssSelector("[data-recovery-code]"))).hasSize(10);

        signInWith(name, PASSWORD);
        assertThat(path()).isEqualTo("/login/second-factor");
        assertThat(find("#passkey-second-factor").isDisplayed()).isTrue();
        List<Axe.Violation> violations = new ArrayList<>(Axe.check(driver, "second factor with passkey"));
        screenshot("67-second-factor-passkey");
        clickAndWait(find("#passkey-second-factor"));
        assertThat(path()).isEqualTo("/account");
        assertThat(pageText()).contains(name);
        assertThat(violations).as("WCAG 2.2 AA violations (axe-core)").isEmpty();
    }
}
