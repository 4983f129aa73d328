package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The origin of an emailed link is the sending portal's, not the one of the process that queued it. */
class MailLinksTest {

    @Test
    void aQueuedLinkIsAPathUntilTheSenderAddsItsOwnOrigin() {
        Map<String, String> queued = Map.of("setupUrl", MailLinks.deferred("/setup/abc"), "supportUrl", MailLinks.deferred("/support"), "validFor", "1 hour");
        assertThat(queued.get("setupUrl")).doesNotContain("http");
        assertThat(MailLinks.resolve(queued, "https://portal.example.com")).containsEntry("setupUrl", "https://portal.example.com/setup/abc")
                .containsEntry("supportUrl", "https://portal.example.com/support").containsEntry("validFor", "1 hour");
    }

    @Test
    void rowsQueuedBeforeTheChangeKeepTheirAbsoluteLinks() {
        Map<String, String> old = Map.of("resetUrl", "https://old.example.com/reset/xyz", "loginUrl", "http://localhost:8080/login");
        assertThat(MailLinks.resolve(old, "https://portal.example.com")).isEqualTo(old);
    }

    @Test
    void onlyLinksAreCompletedNeverOtherValues() {
        Map<String, String> model = new HashMap<>();
        model.put("displayName", "{base-url}/evil");
        model.put("missing", null);
        assertThat(MailLinks.resolve(model, "https://portal.example.com")).containsEntry("displayName", "{base-url}/evil").containsEntry("missing", null);
    }

    @Test
    void aLinkIsAPathOfThePortal() {
        assertThatThrownBy(() -> MailLinks.deferred("https://elsewhere.example.com/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
