package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** CONTRACT "Languages": ?lang= chooses and a cookie keeps the language, otherwise Accept-Language; html lang names it. */
class LanguagesIT extends IntegrationTest {

    private static final String FRENCH_HEADING = "Connectez-vous à votre compte entreprise";
    private static final String ENGLISH_HEADING = "Sign in to your Enterprise Account";

    /** A request with headers the test Browser does not send (Accept-Language, a hand-made Cookie). */
    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> langCookies(java.net.http.HttpHeaders headers) {
        return headers.allValues("Set-Cookie").stream().filter(c -> c.startsWith(LanguageResolver.COOKIE + "=")).toList();
    }

    @Test
    void langParameterAnswersInFrenchAndTheCookieKeepsItWithoutTheParameter() {
        Browser b = browser();
        Browser.Page page = b.get("/login?lang=fr");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"fr\"").contains(FRENCH_HEADING).contains("J’ai oublié mon mot de passe")
                .doesNotContain(ENGLISH_HEADING);
        List<String> cookies = langCookies(page.headers());
        assertThat(cookies).hasSize(1);
        assertThat(cookies.get(0)).startsWith("lang=fr;").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContainIgnoringCase("Secure;").containsIgnoringCase("Path=/");
        assertThat(b.cookie(LanguageResolver.COOKIE)).contains("fr");

        Browser.Page next = b.get("/forgot-password");
        assertThat(next.body()).contains("<html lang=\"fr\"").contains("Réinitialisation du mot de passe");
        assertThat(langCookies(next.headers())).isEmpty();
        assertThat(b.get("/login").body()).contains("<html lang=\"fr\"").contains(FRENCH_HEADING);
    }

    @Test
    void acceptLanguageChoosesWhenThereIsNoCookie() throws Exception {
        HttpResponse<String> japanese = get("/login", "Accept-Language", "ja");
        assertThat(japanese.statusCode()).isEqualTo(200);
        assertThat(japanese.body()).contains("<html lang=\"ja\"").contains("法人アカウントにサインイン").contains("パスワードを忘れました");
        assertThat(langCookies(japanese.headers())).as("negotiation stores nothing").isEmpty();

        assertThat(get("/login", "Accept-Language", "sv-SE, de;q=0.7, en;q=0.5").body()).contains("<html lang=\"de\"");
        assertThat(get("/login", "Accept-Language", "zh-Hant").body()).contains("<html lang=\"zh-TW\"").contains("我忘記密碼了");
        assertThat(get("/login", "Accept-Language", "zh-CN").body()).contains("<html lang=\"en\"").contains(ENGLISH_HEADING);
        assertThat(get("/login").body()).contains("<html lang=\"en\"").contains("I've forgotten my password");
    }

    @Test
    void theChosenLanguageWinsOverAcceptLanguage() throws Exception {
        HttpResponse<String> page = get("/login", "Accept-Language", "ja", "Cookie", "lang=ko");
        assertThat(page.body()).contains("<html lang=\"ko\"").contains("비밀번호를 잊어버렸습니다");
    }

    @Test
    void theLockDurationIsWrittenInThePagesLanguage() {
        assertThat(browser().get("/login?error&lang=fr").body()).contains("le compte est verrouillé pendant une heure.");
        assertThat(browser().get("/login?error&lang=de").body()).contains("wird das Konto für 1 Stunde gesperrt.");
        assertThat(browser().get("/login?error&lang=ja").body()).contains("アカウントは1時間ロックされます。");
        assertThat(browser().get("/login?error").body()).contains("the account is locked for one hour.");
    }

    @Test
    void theSupportPageSpeaksThePagesLanguageAndListsTheBrowsersCountryFirst() throws Exception {
        HttpResponse<String> swiss = get("/support", "Accept-Language", "de-CH");
        assertThat(swiss.body()).contains("<html lang=\"de\"").contains("Servicezeiten");
        assertThat(swiss.body().indexOf("data-country=")).isEqualTo(swiss.body().indexOf("data-country=\"CH\""));
        assertThat(get("/support?lang=ja").body()).containsPattern("[月火水木金土日]曜日 \\d\\d:\\d\\d UTC");
    }

    @Test
    void traditionalChineseIsZhTwByTagOrJavaName() {
        Browser b = browser();
        Browser.Page page = b.get("/login?lang=zh-TW");
        assertThat(page.body()).contains("<html lang=\"zh-TW\"").contains("登入您的企業帳戶");
        assertThat(b.cookie(LanguageResolver.COOKIE)).contains("zh-TW");
        assertThat(b.get("/support").body()).contains("<html lang=\"zh-TW\"");
        assertThat(browser().get("/login?lang=zh_TW").body()).contains("<html lang=\"zh-TW\"");
    }

    @Test
    void anUnknownLanguageIsIgnoredNeverStoredNeverA500() throws Exception {
        for (String value : List.of("xx", "zh", "", "%25%25", "..%2F..", "a".repeat(300), "fr%0d%0aSet-Cookie:x=y", "de-DE-x-%E2%82%AC")) {
            HttpResponse<String> page = get("/login?lang=" + value);
            assertThat(page.statusCode()).as(value).isLessThan(500);
            assertThat(langCookies(page.headers())).as(value).isEmpty();
        }
        Browser b = browser();
        b.get("/login?lang=it");
        Browser.Page page = b.get("/login?lang=xx");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as("an unknown choice keeps the current one").contains("<html lang=\"it\"");
        assertThat(b.cookie(LanguageResolver.COOKIE)).contains("it");

        HttpResponse<String> forged = get("/login", "Cookie", "lang=xx/Not-A-Zone");
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.body()).contains("<html lang=\"en\"");
    }

    @Test
    void everyPageOffersEveryLanguageAsAPlainLinkNamedInItsOwnLanguage() {
        Browser b = browser();
        for (String path : List.of("/login?lang=nl", "/support", "/forgot-password", "/forgot-username")) {
            Browser.Page page = b.get(path);
            assertThat(page.body()).as(path).contains("<nav class=\"languages\" aria-label=\"Taal\">");
            for (Languages.Language l : Languages.ALL) {
                assertThat(page.body()).as(path).contains("<a href=\"?lang=" + l.tag() + "\" lang=\"" + l.tag() + "\" hreflang=\"" + l.tag() + "\"");
                assertThat(page.body()).as(path).contains(">" + l.name() + "</a>");
            }
            assertThat(page.body()).as(path).contains("hreflang=\"nl\" aria-current=\"true\"");
            assertThat(page.header("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        }
    }
}
