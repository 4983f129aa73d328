package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The language cookie: only supported languages, HttpOnly and Lax always, __Host- and Secure over https. */
class LanguageCookieTest {

    private static String choose(LanguageResolver resolver, Locale locale) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        resolver.setLocale(new MockHttpServletRequest(), response, locale);
        return response.getHeader("Set-Cookie");
    }

    @Test
    void overHttpsTheLanguageCookieIsHostPrefixedSecureHttpOnlyAndLax() {
        assertThat(choose(new LanguageResolver(true), Locale.FRENCH)).startsWith("__Host-lang=fr;").contains("; Path=/").contains("; Secure")
                .contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Domain=");
    }

    @Test
    void overPlainHttpItKeepsThePlainNameAndIsHttpOnlyAndLax() {
        assertThat(choose(new LanguageResolver(false), Locale.TAIWAN)).startsWith("lang=zh-TW;").doesNotContain("Secure")
                .contains("; HttpOnly").contains("; SameSite=Lax");
    }

    @Test
    void anUnsupportedLanguageWritesNoCookie() {
        assertThat(choose(new LanguageResolver(true), Locale.forLanguageTag("xx"))).isNull();
        assertThat(choose(new LanguageResolver(true), null)).isNull();
    }

    @Test
    void theCookieOfTheOtherSchemeOrAForgedValueIsNoChoice() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Accept-Language", "ko");
        request.setCookies(new Cookie("__Host-lang", "xx"));
        assertThat(new LanguageResolver(true).resolveLocale(request)).isEqualTo(Locale.KOREAN);

        MockHttpServletRequest chosen = new MockHttpServletRequest();
        chosen.addHeader("Accept-Language", "ko");
        chosen.setCookies(new Cookie("__Host-lang", "de"));
        assertThat(new LanguageResolver(true).resolveLocale(chosen)).isEqualTo(Locale.GERMAN);
    }
}
