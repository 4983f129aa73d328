package org.certportal.mail;

import java.util.Map;

/**
 * An email to queue: the template name (see templates/mail), the recipient, and the values the
 * template needs. Values may hold secrets (a link, a temporary password): the outbox encrypts them
 * at rest and erases them once the message is sent.
 */
public record OutgoingMail(Long accountId, String recipient, String template, String locale, Map<String, String> model) {

    public OutgoingMail {
        model = Map.copyOf(model);
        locale = locale == null || locale.isBlank() ? "en" : locale;
    }
}
