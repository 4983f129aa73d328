package org.certportal.mail;

import java.util.Locale;
import java.util.Map;
import org.certportal.platform.Display;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an email's subject, text part and HTML part from templates/mail/NAME.txt and NAME.html,
 * in the language of the outbox row: every sentence is a {@code mail.*} message, and the
 * row's deferred moments and durations are written in that language too ({@link MailValues}).
 * A language without a messages file gets English (messages.properties), never the server's.
 */
@Component
class MailTemplates {

    record Rendered(String subject, String text, String html) {
    }

    private final TemplateEngine engine;
    private final MessageSource messages;
    private final Display display;

    MailTemplates(MessageSource messages, Display display) {
        this.messages = messages;
        this.display = display;
        SpringTemplateEngine e = new SpringTemplateEngine();
        e.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        e.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
        // footer.text: the text part's standard footer, written once (the HTML one is in layout.html)
        e.addTemplateResolver(resolver(TemplateMode.TEXT, ".text", 3));
        e.setTemplateEngineMessageSource(messages);
        this.engine = e;
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver();
        r.setPrefix("templates/mail/");
        r.setTemplateMode(mode);
        r.setCharacterEncoding("UTF-8");
        r.setOrder(order);
        r.setCheckExistence(true);
        r.setResolvablePatterns(java.util.Set.of("*" + suffix));
        r.setCacheable(true);
        return r;
    }

    Rendered render(String template, String localeTag, Map<String, String> model) {
        Locale locale = localeTag == null || localeTag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(localeTag.replace('_', '-'));
        Context ctx = new Context(locale);
        MailValues.resolve(model, locale, display, messages).forEach(ctx::setVariable);
        ctx.setVariable("html", MailHtml.INSTANCE);
        String subject = messages.getMessage("mail." + template + ".subject", null, locale);
        return new Rendered(subject, engine.process(template + ".txt", ctx), engine.process(template + ".html", ctx));
    }
}
