package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.certportal.platform.PortalProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer.CookieValue;

class SessionCookieTest {

    private static PortalProperties portal(String baseUrl) {
        return new PortalProperties(URI.create(baseUrl), Path.of("data"), List.of(), null);
    }

    @Test
    void overHttpsTheSessionCookieIsAHostPrefixedSecureCookie() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SecurityConfig().cookieSerializer(portal("https://portal.example.com")).writeCookieValue(
                new CookieValue(new MockHttpServletRequest(), response, "abc"));
        String header = response.getHeader("Set-Cookie");
        assertThat(header).startsWith("__Host-SESSION=").contains("; Path=/").contains("; Secure").contains("; HttpOnly").doesNotContain("Domain=");
    }

    @Test
    void overPlainHttpItKeepsThePlainName() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SecurityConfig().cookieSerializer(portal("http://localhost:8080")).writeCookieValue(
                new CookieValue(new MockHttpServletRequest(), response, "abc"));
        assertThat(response.getHeader("Set-Cookie")).startsWith("SESSION=").doesNotContain("Secure");
    }

    @Test
    void generatedSessionIdsHave216RandomBitsAndDiffer() {
        SessionIds ids = new SessionIds();
        String a = ids.generate();
        assertThat(a).hasSize(36);
        assertThat(java.util.Base64.getUrlDecoder().decode(a)).hasSize(27);
        assertThat(ids.generate()).isNotEqualTo(a);
    }
}
