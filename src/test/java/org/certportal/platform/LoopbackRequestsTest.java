package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class LoopbackRequestsTest {

    private static MockHttpServletRequest from(String peer) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr(peer);
        return r;
    }

    @Test
    void aDirectLoopbackRequestIsLocal() {
        assertThat(LoopbackRequests.isDirectFromLoopback(from("127.0.0.1"))).isTrue();
        assertThat(LoopbackRequests.isDirectFromLoopback(from("0:0:0:0:0:0:0:1"))).isTrue();
    }

    @Test
    void anotherPeerIsNotLocalWhateverItsHeadersSay() {
        MockHttpServletRequest r = from("10.1.2.3");
        r.addHeader("X-Forwarded-For", "127.0.0.1");
        assertThat(LoopbackRequests.isDirectFromLoopback(r)).isFalse();
        assertThat(LoopbackRequests.isDirectFromLoopback(from("203.0.113.5"))).isFalse();
        assertThat(LoopbackRequests.isDirectFromLoopback(from("localhost"))).isFalse(); // never a name, never DNS
    }

    @ParameterizedTest
    @ValueSource(strings = {"Forwarded", "X-Forwarded-For", "x-forwarded-host", "X-Forwarded-Proto", "X-Real-IP", "Via", "True-Client-IP"})
    void aLoopbackRequestThatAProxyForwardedIsNotLocal(String header) {
        MockHttpServletRequest r = from("127.0.0.1");
        r.addHeader(header, "127.0.0.1");
        assertThat(LoopbackRequests.isForwarded(r)).isTrue();
        assertThat(LoopbackRequests.isDirectFromLoopback(r)).isFalse();
    }
}
