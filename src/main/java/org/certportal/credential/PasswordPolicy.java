package org.certportal.credential;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one password policy, after NIST SP 800-63B-4 and OWASP ASVS 5.0 V6.2: a minimum length in
 * code points after NFC, an upper cap checked before any hashing, every Unicode character except
 * control characters, no composition rules, no expiry; refused are common and breached passwords,
 * passwords built from the account's names or the product's, repetitions and sequences.
 *
 * <p>The checks run from the cheapest to the dearest, and the first refusal ends them: length
 * (before anything else looks at a long input), characters, the shipped blocklist
 * ({@link PasswordBlocklist}), the account's own names, zxcvbn's estimate, and last, only for a
 * password that passed everything else and only when switched on, the Pwned Passwords service.
 */
@Component
public class PasswordPolicy {

    private static final PasswordProblem PWNED = new PasswordProblem("pwned",
            "This password has appeared in a data breach (according to the Have I Been Pwned service), so attackers know it. Choose another.");
    private static final PasswordProblem PWNED_UNAVAILABLE = new PasswordProblem("pwned-unavailable",
            "We could not check this password against the list of breached passwords just now. Wait a minute and try again.");

    /** zxcvbn's cost grows with length: a long password is judged by its first characters. */
    private static final int STRENGTH_WINDOW = 100;
    /** zxcvbn score 3 = more than 10^8 guesses: out of reach of an online attack and of cheap offline ones. */
    private static final int MIN_SCORE = 3;
    /** Letters of one's own a password needs besides the account's and the product's names. */
    private static final int MIN_OWN_LETTERS = 4;
    static final String PERSONAL_MESSAGE = "Do not build the password from your username, email address, name or the name of this service.";

    static final String BLOCKLISTED_MESSAGE = "This password is on a list of passwords known to attackers, who try those first. "
            + "Choose another: a few unrelated words make a strong password that is easy to remember.";

    private final PasswordProperties properties;
    private final PasswordBlocklist blocklist;
    private final PwnedPasswords pwned;
    private final Zxcvbn zxcvbn = new Zxcvbn();

    /** What the strength meter shows: a 0-4 score and the first reason to refuse, if any. */
    public record Assessment(int score, PasswordProblem problem) {
        public boolean acceptable() {
            return problem == null;
        }
    }

    /** The offline policy with the shipped blocklist and no online check. */
    public PasswordPolicy(PasswordProperties properties) {
        this(properties, PasswordBlocklist.standard(), PwnedPasswords.disabled());
    }

    @Autowired
    public PasswordPolicy(PasswordProperties properties, PasswordBlocklist blocklist, PwnedPasswords pwned) {
        this.properties = properties;
        this.blocklist = blocklist;
        this.pwned = pwned;
    }

    public int minLength() {
        return properties.minLength();
    }

    public int maxLength() {
        return properties.maxLength();
    }

    /**
     * Every reason to refuse {@code raw} as a new password; empty when it is acceptable. Includes the
     * online check when it is switched on, with its {@code fail-open} setting.
     */
    public List<PasswordProblem> check(CharSequence raw, PasswordContext context) {
        SignInCheck checked = withOnlineCheck(raw, checkOffline(raw, context));
        return checked.complete() || pwned.failOpen() ? checked.problems() : List.of(PWNED_UNAVAILABLE);
    }

    /**
     * Names the policy in force: a password that passed a policy with this fingerprint need not be
     * checked again at sign-in. Bump the version when a rule or the shipped blocklist changes.
     */
    public String fingerprint() {
        return "policy-v1;min=" + properties.minLength() + ";max=" + properties.maxLength() + ";pwned=" + properties.pwned().enabled();
    }

    /**
     * What the sign-in check found: the reasons the password in use no longer passes, and whether
     * every rule could be applied (false while the Pwned Passwords service cannot be reached).
     */
    public record SignInCheck(List<PasswordProblem> problems, boolean complete) {
    }

    /**
     * The same rules for a password already in use, at sign-in: a refusal here sends the person to
     * the change page ("deemed insecure"). An unreachable Pwned Passwords service never does, but
     * then the check is not complete, and the caller must not record the password as checked.
     */
    public SignInCheck checkAtSignIn(CharSequence raw, PasswordContext context) {
        return withOnlineCheck(raw, checkOffline(raw, context));
    }

    /** The strength meter's answer: offline rules only (no network, no history), quick enough for every keystroke. */
    public Assessment assess(CharSequence raw, PasswordContext context) {
        Offline offline = offline(raw, context);
        List<PasswordProblem> problems = offline.problems();
        if (raw == null || raw.length() == 0 || raw.length() > properties.maxLength() * 2) {
            return new Assessment(0, problems.isEmpty() ? null : problems.get(0));
        }
        // zxcvbn already ran when the rules got that far; measure only when a rule stopped earlier.
        int score = offline.strength() != null ? offline.strength().getScore() : score(raw, context);
        // Never show "fair" or better for a password the form is going to refuse.
        return problems.isEmpty() ? new Assessment(score, null) : new Assessment(Math.min(score, 1), problems.get(0));
    }

    /** The offline findings, completed by the online check when it is on and they found nothing. */
    private SignInCheck withOnlineCheck(CharSequence raw, List<PasswordProblem> offline) {
        if (!offline.isEmpty() || !pwned.enabled()) {
            return new SignInCheck(offline, true);
        }
        return switch (pwned.lookup(raw)) {
            case FOUND -> new SignInCheck(List.of(PWNED), true);
            case UNAVAILABLE -> new SignInCheck(offline, false);
            case NOT_FOUND, DISABLED -> new SignInCheck(offline, true);
        };
    }

    /** The rules that need nothing but the password and the account's names. */
    public List<PasswordProblem> checkOffline(CharSequence raw, PasswordContext context) {
        return offline(raw, context).problems();
    }

    /** The offline verdict, with zxcvbn's measure when the rules reached it (null otherwise). */
    private record Offline(List<PasswordProblem> problems, Strength strength) {
    }

    private Offline offline(CharSequence raw, PasswordContext context) {
        List<PasswordProblem> problems = new ArrayList<>();
        if (raw == null || raw.length() == 0) {
            problems.add(new PasswordProblem("required", "Enter a password."));
            return new Offline(problems, null);
        }
        if (raw.length() > properties.maxLength() * 2) {
            problems.add(new PasswordProblem("too-long", "Use at most " + properties.maxLength() + " characters.", properties.maxLength()));
            return new Offline(problems, null);
        }
        String password = PasswordHasher.normalize(raw);
        int length = password.codePointCount(0, password.length());
        if (length > properties.maxLength()) {
            problems.add(new PasswordProblem("too-long", "Use at most " + properties.maxLength() + " characters.", properties.maxLength()));
            return new Offline(problems, null);
        }
        if (password.codePoints().anyMatch(PasswordPolicy::isControl)) {
            problems.add(new PasswordProblem("control-character", "The password holds an invisible control character; type it again."));
            return new Offline(problems, null);
        }
        if (length < properties.minLength()) {
            problems.add(new PasswordProblem("too-short", "Use at least " + properties.minLength() + " characters (you have " + length + "). A few unrelated words make a long password that is easy to remember.",
                    properties.minLength(), length));
            return new Offline(problems, null);
        }
        if (blocklist.contains(password)) {
            problems.add(new PasswordProblem("blocklisted", BLOCKLISTED_MESSAGE));
            return new Offline(problems, null);
        }
        return strength(password, context);
    }

    /** A 0-4 score for the strength meter (zxcvbn's scale). */
    public int score(CharSequence raw, PasswordContext context) {
        if (raw == null || raw.length() == 0) {
            return 0;
        }
        String password = PasswordHasher.normalize(raw);
        return measure(password, context).getScore();
    }

    private Strength measure(String password, PasswordContext context) {
        String window = password.codePointCount(0, password.length()) > STRENGTH_WINDOW
                ? password.substring(0, password.offsetByCodePoints(0, STRENGTH_WINDOW)) : password;
        return zxcvbn.measure(window, context == null ? PasswordContext.PRODUCT_WORDS : context.userInputs());
    }

    private Offline strength(String password, PasswordContext context) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (builtFromNames(lower, context == null ? PasswordContext.PRODUCT_WORDS : context.userInputs())) {
            return new Offline(List.of(new PasswordProblem("personal", PERSONAL_MESSAGE)), null);
        }
        Strength strength = measure(password, context);
        if (strength.getScore() >= MIN_SCORE) {
            return new Offline(List.of(), strength);
        }
        return new Offline(List.of(reason(strength.getSequence())), strength);
    }

    /**
     * Whether the password is mostly the account's names or the product's: one of them makes up half
     * of it, or what is left once they are taken out has fewer than {@value #MIN_OWN_LETTERS} letters
     * (so "Certportal2024certportal!" and "j.oberholzer-1987" are refused; zxcvbn alone scores them 3).
     */
    static boolean builtFromNames(String lower, List<String> inputs) {
        List<String> names = inputs.stream().filter(i -> i.length() >= 4).sorted((a, b) -> b.length() - a.length()).toList();
        String rest = lower;
        boolean found = false;
        for (String name : names) {
            if (lower.contains(name) && name.length() * 2 >= lower.length()) {
                return true;
            }
            if (rest.contains(name)) {
                rest = rest.replace(name, " ");
                found = true;
            }
        }
        return found && rest.codePoints().filter(Character::isLetter).count() < MIN_OWN_LETTERS;
    }

    private static PasswordProblem reason(List<Match> sequence) {
        for (Match m : sequence) {
            if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary && "user_inputs".equals(m.dictionaryName)) {
                return new PasswordProblem("personal", PERSONAL_MESSAGE);
            }
        }
        for (Match m : sequence) {
            if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary && "passwords".equals(m.dictionaryName)) {
                return new PasswordProblem("common", "This password is on the list of the most common passwords that attackers try first. Choose another.");
            }
        }
        for (Match m : sequence) {
            switch (m.pattern) {
                case Repeat -> {
                    return new PasswordProblem("repetition", "Avoid repeated characters or words such as 'aaaa' or 'abcabc'.");
                }
                case Sequence, Spatial -> {
                    return new PasswordProblem("sequence", "Avoid sequences such as '12345', 'abcde' or 'qwerty'.");
                }
                default -> {
                }
            }
        }
        return new PasswordProblem("guessable", "This password is too easy to guess. Add a few more unrelated words.");
    }

    /**
     * Control characters, and the invisible format characters (bidi overrides, BOM, soft hyphen...)
     * that a person cannot know they typed. Kept: ZWJ (emoji sequences), ZWNJ (Persian and Indic
     * spelling) and the tag characters of subdivision flags such as England's.
     */
    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL) {
            return true;
        }
        return type == Character.FORMAT && cp != 0x200D && cp != 0x200C && !(cp >= 0xE0020 && cp <= 0xE007F);
    }
}
