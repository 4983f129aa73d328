package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.AccountStatus;
import org.certportal.account.Role;
import org.certportal.platform.Display;
import org.junit.jupiter.api.Test;

class AccountMailTest {

    private final AccountMail mail = new AccountMail(new Display());

    private static Account account(String displayName, String locale) {
        return new Account(42, "jdoe", "jdoe@example.com", displayName, Role.USER, AccountStatus.ACTIVE, "{argon2id}x", false, null, locale, null,
                Instant.EPOCH, null, null, null);
    }

    @Test
    void everyEmailGreetsThePersonAndOffersTheWaysForward() {
        OutgoingMail m = mail.to(account("Jane Doe", "fr"), "password-changed", Map.of("when", "2026-11-28 10:00 UTC"));
        assertThat(m.accountId()).isEqualTo(42L);
        assertThat(m.recipient()).isEqualTo("jdoe@example.com");
        assertThat(m.template()).isEqualTo("password-changed");
        assertThat(m.locale()).isEqualTo("fr");
        assertThat(m.model()).containsEntry("username", "jdoe").containsEntry("displayName", "Jane Doe")
                .containsEntry("supportUrl", "{base-url}/support")
                .containsEntry("forgotUrl", "{base-url}/forgot-password")
                .containsEntry("loginUrl", "{base-url}/login")
                .containsEntry("when", "2026-11-28 10:00 UTC");
    }

    @Test
    void timesAndDurationsWaitForTheEmailsLanguage() {
        // written when the email is built, in its language (MailTemplatesTest); the log keeps English UTC
        assertThat(mail.time(Instant.parse("2026-11-28T14:05:59Z"))).isEqualTo("{time}2026-11-28T14:05:59Z");
        assertThat(mail.duration(java.time.Duration.ofHours(1))).isEqualTo("{duration}PT1H");
        assertThat(mail.logTime(Instant.parse("2026-11-28T14:05:59Z"))).isEqualTo("2026-11-28 14:05 UTC");
    }

    @Test
    void theEmailSpeaksThePagesLanguageElseTheAccountsElseEnglish() {
        assertThat(mail.to(account(null, "fr"), "ja", "reset-link", Map.of()).locale()).isEqualTo("ja");
        assertThat(mail.to(account(null, "fr"), null, "reset-link", Map.of()).locale()).isEqualTo("fr");
        assertThat(mail.to(account(null, null), null, "reset-link", Map.of()).locale()).isEqualTo("en");
    }

    @Test
    void anUnreadableClientAddressIsPrintedAsUnknown() {
        assertThat(mail.from(null)).isEqualTo("unknown");
        assertThat(mail.from("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void withoutADisplayNameThePersonIsGreetedByUsername() {
        assertThat(mail.to(account(null, null), "account-locked", Map.of()).model()).containsEntry("displayName", "jdoe");
    }

    @Test
    void aSenderMayPointTheLoginLinkElsewhere() {
        assertThat(mail.to(account(null, null), "temporary-password", Map.of("loginUrl", mail.link("/login?username=jdoe"))).model())
                .containsEntry("loginUrl", "{base-url}/login?username=jdoe");
    }
}
