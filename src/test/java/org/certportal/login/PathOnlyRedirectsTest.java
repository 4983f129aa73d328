package org.certportal.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathOnlyRedirectsTest {

    @Test
    void aSavedFullUrlKeepsOnlyItsPathAndQuery() {
        assertThat(PathOnlyRedirects.pathOf("http://evil.example/console?continue")).isEqualTo("/console?continue");
        assertThat(PathOnlyRedirects.pathOf("https://evil.example:8443/console/accounts/a%20b")).isEqualTo("/console/accounts/a%20b");
        assertThat(PathOnlyRedirects.pathOf("http://evil.example")).isEqualTo("/");
    }

    @Test
    void aPathStaysAndAnythingThatNamesAnotherHostBecomesTheRoot() {
        assertThat(PathOnlyRedirects.pathOf("/account")).isEqualTo("/account");
        assertThat(PathOnlyRedirects.pathOf("//evil.example/x")).isEqualTo("/x");
        assertThat(PathOnlyRedirects.pathOf("http://evil.example//evil.example/x")).isEqualTo("/");
    }
}
