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
    void initiateLoginUrisFollowTheRedirectUrisRulesAndSayWhatTheyAre() {
        assertThat(ClientRules.initiateLoginUriProblem("https://app.example.com/oauth2/authorization/portal")).isEmpty();
        assertThat(ClientRules.initiateLoginUriProblem("http://localhost:8081/oauth2/authorization/certportal")).isEmpty();
        assertThat(ClientRules.initiateLoginUriProblem("http://app.example.com/start"))
                .hasValue("the initiate-login URI 'http://app.example.com/start' must use https (plain http only on localhost, 127.0.0.1 or [::1])");
        assertThat(ClientRules.initiateLoginUriProblem("/start")).hasValueSatisfying(p -> assertThat(p).contains("initiate-login URI").contains("absolute"));
        assertThat(ClientRules.initiateLoginUriProblem("https://app.example.com/start#x")).hasValueSatisfying(p -> assertThat(p).contains("fragment"));
        assertThat(ClientRules.initiateLoginUriProblem(" ")).hasValue("an initiate-login URI is empty");
        assertThat(ClientRules.redirectUriProblem(" ")).hasValue("a redirect URI is empty");
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
