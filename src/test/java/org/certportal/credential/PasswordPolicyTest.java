package org.certportal.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requirements 1 and 2 of issue 5, rule by rule, without Spring. */
class PasswordPolicyTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy(PasswordProperties.defaults());
    private static final PasswordContext JOHANNA = new PasswordContext("j.oberholzer", "johanna.oberholzer@acme-widgets.example", "Johanna Oberholzer");

    private static List<String> codes(String password) {
        return POLICY.check(password, JOHANNA).stream().map(PasswordProblem::code).toList();
    }

    private static PasswordPolicy policyWithMinLength(int min) {
        PasswordProperties d = PasswordProperties.defaults();
        return new PasswordPolicy(new PasswordProperties(min, d.maxLength(), d.historySize(), d.maxConcurrentHashes(), d.argon2(), d.pwned()));
    }

    // --- length, counted in code points after NFC --------------------------------------------

    @Test
    void sixtyFourEmojiAreAccepted_includingZwjSequencesAndTagFlags() {
        List<String> emoji = List.of(
                "\uD83D\uDC69\u200D\uD83D\uDCBB",                                     // woman technologist (ZWJ)
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", // family (3 ZWJ)
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",                               // rainbow flag (VS16 + ZWJ)
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F", // England (tag characters)
                "\uD83D\uDC4D\uD83C\uDFFD",                                           // thumbs up, skin tone
                "\uD83C\uDDEF\uD83C\uDDF5",                                           // flag of Japan (regional indicators)
                "\uD83E\uDD84", "\uD83C\uDF35", "\uD83D\uDE80", "\uD83C\uDF89", "\uD83E\uDDE9", "\uD83D\uDC19", "\uD83C\uDF7F", "\uD83E\uDD51",
                "\uD83D\uDEB2", "\uD83C\uDFBB");
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            password.append(emoji.get((i * 7 + i / 16) % emoji.size()));
        }
        String p = password.toString();
        assertThat(p.codePointCount(0, p.length())).isGreaterThan(64).isLessThanOrEqualTo(1024);
        assertThat(POLICY.check(p, JOHANNA)).isEmpty();
    }

    @Test
    void sixtyFourOrdinaryCharactersAreAccepted() {
        String p = "Quiet rivers carry the tin lanterns past Oslo, Nairobi and Perth";
        assertThat(p.codePointCount(0, p.length())).isEqualTo(64);
        assertThat(POLICY.check(p, JOHANNA)).isEmpty();
    }

    @Test
    void fourteenCharactersAreRefusedAtTheDefaultMinimumOfFifteen() {
        assertThat(POLICY.minLength()).isEqualTo(15);
        List<PasswordProblem> problems = POLICY.check("Vq7#mZ2!pL9@xR", JOHANNA);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("too-short");
            assertThat(p.args()).containsExactly(15, 14);
        });
        assertThat(POLICY.check("Vq7#mZ2!pL9@xRt", JOHANNA)).isEmpty();
    }

    @Test
    void lengthIsCountedInCodePointsAfterNfc() {
        // 14 letters typed as 26 chars (12 of them a letter plus a combining accent): too short.
        String decomposed = "e\u0301a\u0300o\u0302u\u0308i\u0301n\u0303c\u0327e\u0300a\u0302o\u0301u\u0300y\u0308xq";
        assertThat(decomposed.length()).isEqualTo(26);
        assertThat(codes(decomposed)).containsExactly("too-short");
        // 15 astral-plane characters (30 UTF-16 chars) are 15 code points: long enough.
        String math = "\uD835\uDC9C\uD835\uDCB7\uD835\uDCB8\uD835\uDC9F\uD835\uDC52\uD835\uDCBB\uD835\uDCA2\uD835\uDCBD"
                + "\uD835\uDCBE\uD835\uDCA5\uD835\uDCA6\uD835\uDCC1\uD835\uDCC2\uD835\uDCA9\uD835\uDCAA";
        assertThat(math.codePointCount(0, math.length())).isEqualTo(15);
        assertThat(codes(math)).doesNotContain("too-short");
    }

    @Test
    void composedAndDecomposedFormsGetTheSameVerdict() {
        String composed = "Crème brûlée au café noir, s'il vous plaît";
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        assertThat(POLICY.check(decomposed, JOHANNA)).isEqualTo(POLICY.check(composed, JOHANNA)).isEmpty();
        assertThat(POLICY.score(decomposed, JOHANNA)).isEqualTo(POLICY.score(composed, JOHANNA));

        // A refusal too: the same reason for both forms.
        String shortComposed = "Ångström café";
        assertThat(POLICY.check(Normalizer.normalize(shortComposed, Normalizer.Form.NFD), JOHANNA))
                .extracting(PasswordProblem::code).containsExactly("too-short");
        assertThat(codes(shortComposed)).containsExactly("too-short");
    }

    // --- the upper cap, before any other work ----------------------------------------------------

    @Test
    void aMillionCharactersAreRefusedAtOnce() {
        String huge = "a".repeat(1_000_000);
        List<PasswordProblem> problems = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> POLICY.check(huge, JOHANNA));
        assertThat(problems).extracting(PasswordProblem::code).containsExactly("too-long");
        assertThat(problems.get(0).args()).containsExactly(1024);
    }

    @Test
    void theCapIsCheckedFromTheLengthAloneWithoutReadingTheInput() {
        // A password whose characters cannot be read: only length() may be called before the refusal,
        // so nothing (NFC, the blocklist, zxcvbn, a hash) ever walks a million characters.
        CharSequence unreadable = new CharSequence() {
            @Override
            public int length() {
                return 1_000_000;
            }

            @Override
            public char charAt(int index) {
                throw new AssertionError("read past the cap");
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                throw new AssertionError("read past the cap");
            }

            @Override
            public String toString() {
                throw new AssertionError("read past the cap");
            }
        };
        assertThat(POLICY.check(unreadable, JOHANNA)).extracting(PasswordProblem::code).containsExactly("too-long");
    }

    @Test
    void theCapIsCountedInCodePoints() {
        String words = "maple orbit sand fjord kettle ";
        String exactly1024 = words.repeat(40).substring(0, 1020) + "quiz";
        assertThat(exactly1024.codePointCount(0, exactly1024.length())).isEqualTo(1024);
        assertThat(codes(exactly1024)).doesNotContain("too-long");
        assertThat(codes(exactly1024 + "!")).containsExactly("too-long");
        // 1,024 astral characters are 2,048 chars but 1,024 code points: not over the cap.
        String astral = "\uD83C\uDF35\uD83E\uDD84\uD83D\uDE80\uD83C\uDF89".repeat(256);
        assertThat(astral.length()).isEqualTo(2048);
        assertThat(codes(astral)).doesNotContain("too-long");
        assertThat(codes(astral + "\uD83C\uDF35")).containsExactly("too-long");
    }

    // --- characters ------------------------------------------------------------------------------

    @Test
    void everyPrintableCharacterIsAllowed_controlCharactersAreNot() {
        assertThat(POLICY.check("Ποτάμι από ασήμι και ήλιος το πρωί", JOHANNA)).isEmpty();
        assertThat(POLICY.check("東京の夜空に光る小さな星たちと猫", JOHANNA)).isEmpty();
        assertThat(POLICY.check("می\u200Cخواهم کتاب تازه‌ای بخوانم امشب", JOHANNA)).isEmpty(); // ZWNJ
        assertThat(codes("tangerine\u0007obelisk murmur")).containsExactly("control-character");
        assertThat(codes("tangerine\u202Eobelisk murmur")).containsExactly("control-character"); // right-to-left override
        assertThat(codes("tangerine obelisk murmur\n")).containsExactly("control-character");
    }

    @Test
    void noCompositionRules() {
        // All lower case, no digit, no symbol: accepted, because it is long and not guessable.
        assertThat(POLICY.check("violet tractor humming seventeen", JOHANNA)).isEmpty();
        assertThat(POLICY.check("quokkadriftwoodlanternsaffron", JOHANNA)).isEmpty();
    }

    // --- the blocklist ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"manchesterunited", "ManchesterUnited", "PERASPERAADASTRA", "passwordpassword", "1234qwerasdfzxcv",
            "correct horse battery staple"})
    void blocklistedPasswordsAreRefusedWhateverTheirCase(String password) {
        List<PasswordProblem> problems = POLICY.check(password, JOHANNA);
        assertThat(problems).extracting(PasswordProblem::code).containsExactly("blocklisted");
    }

    @Test
    void shorterBlocklistedPasswordsAreRefusedWhenTheMinimumIsLower() {
        PasswordPolicy eight = policyWithMinLength(8);
        for (String p : List.of("iloveyou", "Sunshine1", "baseball", "trustno1", "PASSWORD1")) {
            assertThat(eight.check(p, JOHANNA)).as(p).extracting(PasswordProblem::code).containsExactly("blocklisted");
        }
    }

    @Test
    void theBlocklistIsMatchedAfterNfc() {
        String entry = "Ünïcödé fjord tangerine"; // not on the shipped list: a list of our own
        PasswordPolicy policy = new PasswordPolicy(PasswordProperties.defaults(), PasswordBlocklist.of(entry), PwnedPasswords.disabled());
        assertThat(policy.check(Normalizer.normalize(entry.toUpperCase(), Normalizer.Form.NFD), JOHANNA))
                .extracting(PasswordProblem::code).containsExactly("blocklisted");
        assertThat(policy.check("Ünïcödé fjord tangerines", JOHANNA)).isEmpty();
    }

    // --- names of the account and of the product -----------------------------------------------

    @ParameterizedTest
    @CsvSource({"j.oberholzer2024!, personal-username", "JohannaOberholzer1, personal-name", "Oberholzer.Johanna!, personal-name",
            "johanna.oberholzer@acme, personal-email", "acme-widgets-2024!, personal-email", "johanna.oberholzer and cats, personal-email"})
    void passwordsBuiltFromTheAccountsNamesAreRefused(String password, String code) {
        assertThat(codes(password)).containsExactly(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"certportal2024certportal", "CertPortal-Entrust-2024!", "certificateservices2024"})
    void passwordsBuiltFromTheProductsNameAreRefused(String password) {
        assertThat(POLICY.check(password, null)).extracting(PasswordProblem::code).containsExactly("product-name");
        assertThat(codes(password)).containsExactly("product-name");
    }

    /**
     * Issue 16: "password12345678" for alice was refused as "built from your username, email address,
     * name or the name of this service", which it is not: it is a common password with digits added.
     */
    @ParameterizedTest
    @ValueSource(strings = {"password12345678", "Password123456789!", "password2024!!!!!"})
    void aCommonPasswordWithDigitsAddedIsRefusedAsSuch_notAsAName(String password) {
        PasswordContext alice = new PasswordContext("alice", "alice@example.com", "Alice Example");
        assertThat(POLICY.check(password, alice)).extracting(PasswordProblem::code).containsExactly("common-with-additions");
        assertThat(POLICY.check(password, null)).extracting(PasswordProblem::code).containsExactly("common-with-additions");
        assertThat(POLICY.assess(password, alice).problem().code()).isEqualTo("common-with-additions");
    }

    @Test
    void aReasonCarriesItsMessageKeyAndArguments() {
        PasswordProblem p = POLICY.check("Vq7#mZ2!pL9@xR", JOHANNA).get(0);
        assertThat(p.key()).isEqualTo("password.problem.too-short");
        assertThat(p.args()).containsExactly(15, 14);
    }

    @Test
    void aNameInsideALongPassphraseIsFine() {
        assertThat(POLICY.check("Oberholzer Johanna and the green submarine", JOHANNA)).isEmpty();
    }

    // --- repetitions and sequences ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"xqzxqzxqzxqzxqzxqz", "hellohellohellohello", "!!!!!!!!!!!!!!!!!!"})
    void repetitionsAreRefused(String password) {
        assertThat(codes(password)).containsExactly("repetition");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnopq", "zyxwvutsrqponmlkj", "abcdefghijklmnopqrstu"})
    void sequencesAreRefused(String password) {
        assertThat(codes(password)).containsExactly("sequence");
    }

    // --- accepted ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"violet tractor humming seventeen", "marble lantern orchestra drifting", "Vq7#mZ2!pL9@xRt",
            "Quiet rivers carry tin lanterns"})
    void strongPasswordsAreAccepted(String password) {
        assertThat(POLICY.check(password, JOHANNA)).isEmpty();
        assertThat(POLICY.checkAtSignIn(password, JOHANNA).problems()).isEmpty();
        assertThat(POLICY.score(password, JOHANNA)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anEmptyPasswordIsRefused() {
        assertThat(codes("")).containsExactly("required");
        assertThat(POLICY.check(null, JOHANNA)).extracting(PasswordProblem::code).containsExactly("required");
    }

    // --- the strength meter's answer -----------------------------------------------------------

    @Test
    void theMeterNeverShowsFairForARefusedPassword() {
        PasswordPolicy.Assessment refused = POLICY.assess("perasperaadastra", JOHANNA);
        assertThat(POLICY.score("perasperaadastra", JOHANNA)).isEqualTo(4); // zxcvbn alone would call it very strong
        assertThat(refused.score()).isLessThanOrEqualTo(1);
        assertThat(refused.acceptable()).isFalse();
        assertThat(refused.problem().code()).isEqualTo("blocklisted");

        PasswordPolicy.Assessment good = POLICY.assess("violet tractor humming seventeen", JOHANNA);
        assertThat(good.acceptable()).isTrue();
        assertThat(good.score()).isEqualTo(4);

        assertThat(POLICY.assess("", JOHANNA).score()).isZero();
        assertThat(POLICY.assess("a".repeat(100_000), JOHANNA).problem().code()).isEqualTo("too-long");
    }
}
