package org.certportal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.certportal.account.Account;
import org.certportal.account.Role;
import org.certportal.testing.Browser;
import org.certportal.testing.IntegrationTest;
import org.certportal.testing.Mail;
import org.junit.jupiter.api.Test;

/**
 * Every email an account gets is in the account's language (CONTRACT.md, "Languages"): the one of
 * the page where the request was made, else the one the account chose last, else English.
 */
class MailLanguageIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "marble lantern orchestra drifting";

    private String storedLanguage(Account account) {
        return jdbc.sql("SELECT locale FROM account WHERE id = ?").param(account.id()).query(String.class).optional().orElse(null);
    }

    private Browser browserIn(String language) {
        Browser b = browser();
        assertThat(b.get("/login?lang=" + language).status()).isEqualTo(200);
        return b;
    }

    @Test
    void aForgotPasswordRequestFromAFrenchPageSendsEveryEmailOfTheFlowInFrench() {
        String name = unique("frflow");
        Account account = createUser(name);
        String email = emailOf(name);
        Browser b = browserIn("fr");

        b.submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", email));
        Mail.Received notification = Mail.awaitSubject(greenMail, email, "Une réinitialisation du mot de passe a été demandée");
        assertThat(notification.text()).startsWith("Bonjour " + name + ",")
                .contains("Une réinitialisation du mot de passe a été demandée pour votre compte Services de certificats " + name + ".")
                .contains("Date et heure : ").doesNotContain("When:").doesNotContain("/reset/");
        assertThat(notification.html()).contains("lang=\"fr\"").contains("<strong>" + name + "</strong>");

        Mail.Received link = Mail.awaitSubject(greenMail, email, "Votre lien de réinitialisation du mot de passe");
        assertThat(link.text()).contains("ouvrez ce lien et cliquez sur le bouton").contains("pendant une heure");
        String url = link.find(Mail.RESET_LINK);
        String token = url.substring(url.lastIndexOf('/') + 1);

        b.get("/reset/" + token);
        assertThat(b.post("/reset", Map.of("token", token)).body()).contains("lang=\"fr\"");
        Mail.Received third = Mail.awaitSubject(greenMail, email, "Votre mot de passe temporaire");
        String temporary = third.find(Mail.TEMPORARY_PASSWORD); // the contract's English line is still there
        assertThat(third.text()).containsPattern("Mot de passe temporaire :\\r?\nTemporary password: " + Pattern.quote(temporary) + "\\r?\n")
                .contains("Mot de passe actuel : ce mot de passe temporaire");

        Browser user = browserIn("fr");
        assertThat(user.signIn(name, temporary).location()).endsWith("/password/change");
        user.submit("/password/change", "/password/change", Map.of("currentPassword", temporary, "newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        Mail.Received changed = Mail.awaitSubject(greenMail, email, "Votre mot de passe a été changé");
        assertThat(changed.text()).contains("Toutes les autres sessions du compte ont été déconnectées.");
        assertThat(Mail.to(greenMail, email)).noneMatch(m -> m.subject().startsWith("Your ") || m.subject().startsWith("A password"));
        assertThat(storedLanguage(account)).isEqualTo("fr"); // the sign-in page's language became the account's
    }

    /**
     * Issue 16: the temporary password spoke the language of the browser that pressed the link's
     * button; it speaks the language of the page where the reset was asked for, kept with the link.
     */
    @Test
    void theTemporaryPasswordSpeaksTheLanguageOfTheRequestNotOfTheBrowserThatPressesTheButton() {
        String name = unique("frbtn");
        createUser(name);
        String email = emailOf(name);
        browserIn("fr").submit("/forgot-password", "/forgot-password", Map.of("username", name, "email", email));
        String url = Mail.awaitSubject(greenMail, email, "Votre lien de réinitialisation du mot de passe").find(Mail.RESET_LINK);
        String token = url.substring(url.lastIndexOf('/') + 1);

        Browser elsewhere = browserIn("de"); // the link opened on another device, whose pages are German
        elsewhere.get("/reset/" + token);
        assertThat(elsewhere.post("/reset", Map.of("token", token)).body()).contains("lang=\"de\"");
        Mail.Received third = Mail.awaitSubject(greenMail, email, "Votre mot de passe temporaire");
        assertThat(third.text()).contains("Mot de passe temporaire :");
        assertThat(Mail.to(greenMail, email)).noneMatch(m -> m.subject().contains("Ihr temporäres Passwort"));
    }

    @Test
    void aConsoleResetsTemporaryPasswordSpeaksTheAccountsLanguageNotTheButtonPagesOne() {
        String name = unique("jabtn");
        Account account = createUser(name);
        browserIn("ja").signIn(name, PASSWORD);
        assertThat(storedLanguage(account)).isEqualTo("ja");
        Account agent = createUser(unique("agenten"), Role.SUPPORT);
        Browser console = browserIn("en");
        console.signIn(agent.username(), PASSWORD);
        console.get("/console/accounts/" + name);
        console.follow(console.post("/console/accounts/" + name + "/reset", Map.of()));
        String url = Mail.awaitSubject(greenMail, emailOf(name), "パスワードリセット用のリンク").find(Mail.RESET_LINK);
        String token = url.substring(url.lastIndexOf('/') + 1);

        Browser english = browserIn("en");
        english.get("/reset/" + token);
        english.post("/reset", Map.of("token", token));
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "仮パスワードのお知らせ").find(Mail.TEMPORARY_PASSWORD)).isNotBlank();
    }

    @Test
    void anAccountCreatedFromAJapaneseConsoleGetsItsSetupEmailInTheDefaultLanguageNotTheAdministrators() {
        Account admin = createUser(unique("adminja"), Role.ADMIN);
        Browser console = browserIn("ja");
        console.signIn(admin.username(), PASSWORD);
        console.get("/console/create-account");
        String name = unique("newbie");
        console.post("/console/create-account", Map.of("username", name, "email", emailOf(name), "displayName", "", "role", "USER"));
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "Set up your account").text()).startsWith("Hello " + name + ",");
    }

    @Test
    void aConsoleResetSpeaksTheLanguageTheAccountChoseNotTheAgents() {
        String name = unique("derst");
        Account account = createUser(name);
        browserIn("de").signIn(name, PASSWORD);
        assertThat(storedLanguage(account)).isEqualTo("de");

        Account agent = createUser(unique("agentja"), Role.SUPPORT);
        Browser console = browserIn("ja");
        console.signIn(agent.username(), PASSWORD);
        console.get("/console/accounts/" + name);
        console.follow(console.post("/console/accounts/" + name + "/reset", Map.of()));

        Mail.Received notification = Mail.awaitSubject(greenMail, emailOf(name), "angefordert");
        assertThat(notification.text()).startsWith("Guten Tag " + name + ",").contains("(von einem Support-Mitarbeiter veranlasst)");
        Mail.Received link = Mail.awaitSubject(greenMail, emailOf(name), "Ihr Link zum Zurücksetzen");
        assertThat(link.find(Mail.RESET_LINK)).contains("/reset/");

        console.follow(console.post("/console/accounts/" + name + "/username-reminder", Map.of()));
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "Ihr Benutzername").text()).contains("Benutzername: " + name);
    }

    @Test
    void anAccountThatNeverChoseALanguageGetsEnglishFromTheConsole() {
        String name = unique("enrst");
        Account account = createUser(name);
        assertThat(storedLanguage(account)).isNull();
        Account agent = createUser(unique("agentfr"), Role.SUPPORT);
        Browser console = browserIn("fr");
        console.signIn(agent.username(), PASSWORD);
        console.get("/console/accounts/" + name);
        console.follow(console.post("/console/accounts/" + name + "/reset", Map.of()));
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "reset link").text()).startsWith("Hello " + name + ",");
    }

    @Test
    void choosingALanguageWhileSignedInBecomesTheAccountsLanguage() {
        String name = unique("chooser");
        Account account = createUser(name);
        Browser b = browser();
        b.signIn(name, PASSWORD);
        assertThat(storedLanguage(account)).isEqualTo("en");
        assertThat(b.get("/account?lang=zh-TW").status()).isEqualTo(200);
        assertThat(storedLanguage(account)).isEqualTo("zh-TW");
        assertThat(b.get("/account").status()).isEqualTo(200);
        assertThat(storedLanguage(account)).isEqualTo("zh-TW");
        // an email nobody's page decides now speaks it: the lockout notice
        for (int i = 0; i < 5; i++) {
            browser().signIn(name, "wrong wrong wrong wrong 2");
        }
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "您的帳戶已被鎖定").text()).contains("您的憑證服務帳戶 " + name + " 已被鎖定");
    }

    @Test
    void aForgottenUsernameAskedOnAKoreanPageIsAnsweredInKorean() {
        String name = unique("kouser");
        createUser(name);
        browserIn("ko").submit("/forgot-username", "/forgot-username", Map.of("email", emailOf(name)));
        assertThat(Mail.awaitSubject(greenMail, emailOf(name), "사용자 이름").text()).contains("사용자 이름: " + name);
    }
}
