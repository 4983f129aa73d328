package org.certportal.platform;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every module shares. A bad value stops the start: an emailed link built from a
 * wrong base URL would send people to a page that does not exist, or to someone else's host.
 */
@Validated
@ConfigurationProperties("certportal")
public record PortalProperties(
        @NotNull URI baseUrl,
        @NotNull Path dataDir,
        List<String> trustedProxies,
        String secretKey) {

    public PortalProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @AssertTrue(message = "certportal.base-url must be an absolute http:// or https:// URL without query or fragment, e.g. https://portal.example.com")
    public boolean isBaseUrlUsable() {
        if (baseUrl == null) {
            return true;
        }
        String scheme = baseUrl.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                && baseUrl.getHost() != null
                && baseUrl.getQuery() == null
                && baseUrl.getFragment() == null;
    }

    public boolean isHttps() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    /** The base URL with no trailing slash, the only origin that ever goes into an email. */
    public String origin() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String link(String path) {
        return origin() + path;
    }
}
