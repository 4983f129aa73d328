package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortalPropertiesTest {

    private static PortalProperties of(String url) {
        return new PortalProperties(URI.create(url), Path.of("data"), List.of(), null);
    }

    @Test
    void onlyAbsoluteHttpAndHttpsBaseUrlsAreUsable() {
        assertThat(of("https://portal.example.com").isBaseUrlUsable()).isTrue();
        assertThat(of("http://localhost:8080/").isBaseUrlUsable()).isTrue();
        assertThat(of("ftp://portal.example.com").isBaseUrlUsable()).isFalse();
        assertThat(of("/relative").isBaseUrlUsable()).isFalse();
        assertThat(of("https://portal.example.com/?x=1").isBaseUrlUsable()).isFalse();
    }

    @Test
    void linksAreBuiltFromTheBaseUrlOnly() {
        assertThat(of("https://portal.example.com/").link("/reset/abc")).isEqualTo("https://portal.example.com/reset/abc");
        assertThat(of("https://portal.example.com").isHttps()).isTrue();
    }
}
