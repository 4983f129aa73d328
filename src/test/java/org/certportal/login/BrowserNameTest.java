package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserNameTest {

    @Test
    void namesCommonBrowsersAndSystems() {
        assertThat(BrowserName.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).isEqualTo("Firefox on Windows");
        assertThat(BrowserName.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"))
                .isEqualTo("Safari on macOS");
        assertThat(BrowserName.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"))
                .isEqualTo("Edge on Linux");
        assertThat(BrowserName.of("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari on iOS");
        assertThat(BrowserName.of("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"))
                .isEqualTo("Chrome on Android");
    }

    @Test
    void somethingUnknownStaysVague() {
        assertThat(BrowserName.of(null)).isEqualTo("Unknown browser");
        assertThat(BrowserName.of("Java-http-client/17.0.15")).isEqualTo("Other browser");
    }
}
