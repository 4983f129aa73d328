package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressResolverTest {

    private static ClientAddressResolver resolver(String... trusted) {
        return new ClientAddressResolver(new PortalProperties(URI.create("http://localhost:8080"), Path.of("data"), List.of(trusted), null));
    }

    private static MockHttpServletRequest request(String peer, String forwarded) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr(peer);
        if (forwarded != null) {
            r.addHeader("X-Forwarded-For", forwarded);
        }
        return r;
    }

    @Test
    void forwardedForIsIgnoredWithoutTrustedProxies() {
        assertThat(resolver().resolve(request("203.0.113.5", "1.2.3.4"))).isEqualTo("203.0.113.5");
    }

    @Test
    void theLastUntrustedHopIsTheClient() {
        ClientAddressResolver r = resolver("10.0.0.0/8");
        assertThat(r.resolve(request("10.0.0.2", "198.51.100.7"))).isEqualTo("198.51.100.7");
        // A client cannot choose its address by sending its own X-Forwarded-For first.
        assertThat(r.resolve(request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3"))).isEqualTo("198.51.100.7");
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertThat(resolver("10.0.0.0/8").resolve(request("10.0.0.2", "<script>, 198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(resolver("10.0.0.0/8").resolve(request("10.0.0.2", "not-an-address"))).isEqualTo("10.0.0.2");
    }

    /** Issue 16: the console wrote the IPv6 loopback as 0:0:0:0:0:0:0:1, as the servlet container gives it. */
    @Test
    void ipv6AddressesAreKeptInTheirShortForm() {
        assertThat(resolver().resolve(request("0:0:0:0:0:0:0:1", null))).isEqualTo("::1");
        assertThat(ClientAddressResolver.compact("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(ClientAddressResolver.compact("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ClientAddressResolver.compact("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(ClientAddressResolver.compact("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(ClientAddressResolver.compact("fe80:0:0:0:0:0:0:1%eth0")).isEqualTo("fe80::1%eth0");
        assertThat(ClientAddressResolver.compact("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(ClientAddressResolver.compact("203.0.113.5")).isEqualTo("203.0.113.5");
        assertThat(ClientAddressResolver.compact("not-an-address")).isEqualTo("not-an-address");
        assertThat(ClientAddressResolver.compact(null)).isNull();
    }
}
