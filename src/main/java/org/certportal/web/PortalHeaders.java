package org.certportal.web;

import org.certportal.platform.PortalProperties;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/** The response headers of every portal page, shared by every filter chain (the portal's and the OpenID provider's). */
public final class PortalHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private PortalHeaders() {
    }

    /** The Content-Security-Policy of every page. */
    public static String csp() {
        return CSP;
    }

    /**
     * The session's absolute lifetime for a filter chain other than the portal's (the OpenID
     * provider's): a session past it must not get an authorization code either.
     */
    public static jakarta.servlet.Filter absoluteSessionLifetime(SessionProperties sessions, java.time.Clock clock) {
        return new AbsoluteSessionLifetime(sessions.absoluteTimeout(), clock);
    }

    public static void apply(HeadersConfigurer<HttpSecurity> headers, PortalProperties portal) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP));
        headers.referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
        headers.frameOptions(frame -> frame.deny());
        headers.permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=()"));
        if (portal.isHttps()) {
            // Behind a TLS-terminating proxy the request itself looks like plain http: decide by the base URL.
            headers.httpStrictTransportSecurity(hsts -> hsts.disable());
            headers.addHeaderWriter(new StaticHeadersWriter("Strict-Transport-Security", "max-age=31536000; includeSubDomains"));
        }
    }
}
