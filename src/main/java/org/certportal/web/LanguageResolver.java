package org.certportal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The page's language: the one chosen with ?lang= (kept in the "lang" cookie), otherwise the first
 * supported one of Accept-Language, otherwise English. Only a language of {@link Languages} is ever
 * stored or used: an unknown ?lang= is ignored, and a cookie nobody could have been given by the
 * portal (an edited or unknown value) counts as no cookie rather than as an error. Over https the
 * cookie is {@code __Host-lang} (Secure, Path=/, no Domain), like the session and device cookies.
 */
class LanguageResolver extends CookieLocaleResolver {

    static final String COOKIE = "lang";
    static final String HTTPS_COOKIE = "__Host-lang";

    LanguageResolver(boolean secure) {
        super(secure ? HTTPS_COOKIE : COOKIE);
        setCookieHttpOnly(true);
        setCookieSameSite("Lax");
        setCookieSecure(secure);
        setCookiePath("/");
        setCookieMaxAge(Duration.ofDays(365));
        setRejectInvalidCookies(false);
        setDefaultLocaleFunction(LanguageResolver::fromHeader);
    }

    private static Locale fromHeader(HttpServletRequest request) {
        return Languages.negotiate(request.getHeader("Accept-Language"));
    }

    @Override
    protected Locale parseLocaleValue(String value) {
        return Languages.parse(value).orElse(null);
    }

    @Override
    public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext context) {
        Optional<Locale> chosen = Languages.supported(context == null ? null : context.getLocale());
        // An unsupported or empty choice changes nothing: no cookie is written or cleared.
        chosen.ifPresent(locale -> super.setLocaleContext(request, response, new SimpleLocaleContext(locale)));
    }
}
