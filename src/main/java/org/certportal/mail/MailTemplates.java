package org.certportal.mail;

import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Renders an email's subject, text part and HTML part from templates/mail/NAME.txt and NAME.html. */
@Component
class MailTemplates {

    record Rendered(String subject, String text, String html) {
    }

    private final TemplateEngine engine;
    private final MessageSource messages;

    MailTemplates(MessageSource messages) {
        this.messages = messages;
        SpringTemplateEngine e = new SpringTemplateEngine();
        e.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        e.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
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
        Locale locale = Locale.forLanguageTag(localeTag);
        Context ctx = new Context(locale);
        model.forEach(ctx::setVariable);
        String subject = messages.getMessage("mail." + template + ".subject", null, locale);
        return new Rendered(subject, engine.process(template + ".txt", ctx), engine.process(template + ".html", ctx));
    }
}
