package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.certportal.platform.PortalProperties;
import org.certportal.platform.RandomSecrets;
import org.certportal.platform.Secrets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class DeviceCookiesTest {

    private static DeviceCookies cookies(String baseUrl) {
        PortalProperties portal = new PortalProperties(URI.create(baseUrl), Path.of("target/test-data/device-cookies"), List.of(),
                Base64.getEncoder().encodeToString(new byte[32]));
        return new DeviceCookies(new Secrets(portal), new RandomSecrets(),
                new LockoutProperties(5, Duration.ofHours(1), 100, true, Duration.ofDays(365), Duration.ofSeconds(30)), portal);
    }

    @Test
    void overHttpsTheDeviceCookieIsHostPrefixedAndSecure() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies("https://portal.example.com").issue(response, 42, null);
        String header = response.getHeader("Set-Cookie");
        assertThat(header).startsWith("__Host-CERTPORTAL_DEVICE=").contains("Path=/").contains("Secure").contains("HttpOnly")
                .contains("SameSite=Lax").doesNotContain("Domain=");

        MockHttpServletRequest request = new MockHttpServletRequest();
        String value = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
        request.setCookies(new Cookie("__Host-CERTPORTAL_DEVICE", value));
        assertThat(DeviceCookies.read(request)).isEqualTo(value);
        assertThat(cookies("https://portal.example.com").verify(value, 42)).isPresent();
    }

    @Test
    void overPlainHttpItKeepsThePlainNameAndIsLax() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies("http://localhost:8080").issue(response, 7, null);
        assertThat(response.getHeader("Set-Cookie")).startsWith("CERTPORTAL_DEVICE=").contains("SameSite=Lax").contains("HttpOnly")
                .doesNotContain("Secure");
    }
}
