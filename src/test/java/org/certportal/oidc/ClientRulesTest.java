package org.certportal.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRulesTest {

    @Test
    void redirectUrisAreAbsoluteHttpsOrLoopbackHttpWithoutFragmentOrCredentials() {
        assertThat(ClientRules.redirectUriProblem("https://app.example.com/cb")).isEmpty();
        assertThat(ClientRules.redirectUriProblem("http://localhost:9090/cb")).isEmpty();
        assertThat(ClientRules.redirectUriProblem("http://127.0.0.1/cb")).isEmpty();
        assertThat(ClientRules.redirectUriProblem("http://[::1]:8000/cb")).isEmpty();
        assertThat(ClientRules.redirectUriProblem("http://app.example.com/cb")).hasValueSatisfying(p -> assertThat(p).contains("https"));
        assertThat(ClientRules.redirectUriProblem("http://localhost.evil.example/cb")).isPresent();
        assertThat(ClientRules.redirectUriProblem("/cb")).hasValueSatisfying(p -> assertThat(p).contains("absolute"));
        assertThat(ClientRules.redirectUriProblem("https://app.example.com/cb#frag")).hasValueSatisfying(p -> assertThat(p).contains("fragment"));
        assertThat(ClientRules.redirectUriProblem("https://user:pw@app.example.com/cb")).isPresent();
        assertThat(ClientRules.redirectUriProblem("javascript:alert(1)")).isPresent();
        assertThat(ClientRules.redirectUriProblem("https://app.example.com/c b")).isPresent();
    }

    @Test
    void clientIdsAndSecrets() {
        assertThat(ClientRules.clientIdProblem("certificates.web-1")).isEmpty();
        assertThat(ClientRules.clientIdProblem("-x")).isPresent();
        assertThat(ClientRules.clientIdProblem("a b")).isPresent();
        assertThat(ClientRules.secretProblem("x".repeat(31))).isPresent();
        assertThat(ClientRules.secretProblem("x".repeat(32))).isEmpty();
        assertThat(ClientRules.secretProblem("x".repeat(40) + "\u0007")).isPresent();
    }
}
