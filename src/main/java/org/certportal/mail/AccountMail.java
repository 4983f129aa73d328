package org.certportal.mail;

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

    /** An email to the account's registered address; {@code values} may override the common ones (a login link with the username, say). */
    public OutgoingMail to(Account account, String template, Map<String, String> values) {
        Map<String, String> model = new HashMap<>();
        model.put("username", account.username());
        model.put("displayName", account.displayName() == null ? account.username() : account.displayName());
        model.put("supportUrl", link("/support"));
        model.put("forgotUrl", link("/forgot-password"));
        model.put("loginUrl", link("/login"));
        model.putAll(values);
        return new OutgoingMail(account.id(), account.email(), template, account.locale(), model);
    }

    /** A moment as the emails (and the pages) print it: 2026-11-28 14:05 UTC. */
    public String time(Instant instant) {
        return display.utc(instant);
    }

    /** Where a request came from, as the emails print it; "unknown" when the address could not be read. */
    public String from(String clientAddress) {
        return clientAddress == null ? "unknown" : clientAddress;
    }

    /**
     * A link to a page of the portal. It stays a path in the queue: the portal that sends the email
     * adds its own {@code certportal.base-url} (see {@link MailLinks}), whoever queued it.
     */
    public String link(String path) {
        return MailLinks.deferred(path);
    }
}
