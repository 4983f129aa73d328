package org.certportal.mail;

import org.springframework.web.util.HtmlUtils;

/**
 * Builds the HTML arguments of an email's sentences. A sentence is a message (no markup: see
 * TranslationsTest) with the bold name or the link as an argument, so every language puts them
 * where its grammar wants them; the HTML template shows it with {@code th:utext}. Every value that
 * goes in (a username, a display name, a link) is escaped here, so nothing a person typed can
 * become markup: {@code th:utext="#{mail.x(${html.strong(username)})}"}.
 */
public final class MailHtml {

    static final MailHtml INSTANCE = new MailHtml();

    private MailHtml() {
    }

    /** Plain text, escaped. */
    public String text(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value, "UTF-8");
    }

    /** Bold text, escaped. */
    public String strong(String value) {
        return "<strong>" + text(value) + "</strong>";
    }

    /** A link showing its own address. */
    public String link(String href) {
        return link(href, href);
    }

    /** A link with its text, both escaped. */
    public String link(String href, String label) {
        // inline, as every style of an email (templates/mail/layout.html): clients drop <style> blocks
        return "<a href=\"" + text(href) + "\" style=\"color: #0b4f8a;\">" + text(label) + "</a>";
    }
}
