package org.certportal.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.platform.Display;
import org.springframework.stereotype.Component;

/**
 * The emails to an account holder. Every one of them greets the person by name and offers the same
 * ways forward (support, the forgotten-password page, the login page): those values are filled in
 * here, once, and a template may use them without each sender remembering to pass them.
 */
@Component
public class AccountMail {

    private final Display display;

    public AccountMail(Display display) {
        this.display = display;
    }

    /**
     * An email to the account's registered address, in the language the account chose last (or
     * English); {@code values} may override the common ones (a login link with the username, say).
     * For an email that a person's request causes, see {@link #to(Account, String, String, Map)}.
     */
    public OutgoingMail to(Account account, String template, Map<String, String> values) {
        return to(account, null, template, values);
    }

    /**
     * An email to the account's registered address in {@code pageLanguage}, the language of the
     * page where the request that causes it was made (a BCP 47 tag such as {@code zh-TW}); when
     * there is none (an agent's action, the command line, a background job), the language the
     * account chose last, else English.
     */
    public OutgoingMail to(Account account, String pageLanguage, String template, Map<String, String> values) {
        Map<String, String> model = new HashMap<>();
        model.put("username", account.username());
        model.put("displayName", account.displayName() == null ? account.username() : account.displayName());
        model.put("supportUrl", link("/support"));
        model.put("forgotUrl", link("/forgot-password"));
        model.put("loginUrl", link("/login"));
        model.putAll(values);
        String language = pageLanguage != null && !pageLanguage.isBlank() ? pageLanguage : account.locale();
        return new OutgoingMail(account.id(), account.email(), template, language, model);
    }

    /**
     * A moment, written when the email is built in the email's language: 2026-11-28 14:05 UTC in
     * English, "28 novembre 2026, 14:05 UTC" in French (see {@link Display#utc(Instant, java.util.Locale)}).
     */
    public String time(Instant instant) {
        return MailValues.time(instant);
    }

    /** A duration ("one hour", "1 Stunde"), written when the email is built in the email's language. */
    public String duration(Duration duration) {
        return MailValues.duration(duration);
    }

    /** A moment as the audit log and the logs print it (always English, UTC): 2026-11-28 14:05 UTC. */
    public String logTime(Instant instant) {
        return display.utc(instant);
    }

    /** Where a request came from, as the emails print it; "unknown" (in the email's language) when the address could not be read. */
    public String from(String clientAddress) {
        return clientAddress == null ? MailValues.UNKNOWN_ADDRESS : clientAddress;
    }

    /**
     * A link to a page of the portal. It stays a path in the queue: the portal that sends the email
     * adds its own {@code certportal.base-url} (see {@link MailLinks}), whoever queued it.
     */
    public String link(String path) {
        return MailLinks.deferred(path);
    }
}
