package org.certportal.credential;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The one password policy, after NIST SP 800-63B-4 and OWASP ASVS 5.0 V6.2: a minimum length in
 * code points after NFC, an upper cap checked before any hashing, every Unicode character except
 * control characters, no composition rules, no expiry; refused are common and breached passwords,
 * passwords built from the account's names or the product's, repetitions and sequences.
 */
@Component
public class PasswordPolicy {

    /** zxcvbn's cost grows with length: a long password is judged by its first characters. */
    private static final int STRENGTH_WINDOW = 100;
    /** zxcvbn score 3 = more than 10^8 guesses: out of reach of an online attack and of cheap offline ones. */
    private static final int MIN_SCORE = 3;

    private final PasswordProperties properties;
    private final Zxcvbn zxcvbn = new Zxcvbn();

    public PasswordPolicy(PasswordProperties properties) {
        this.properties = properties;
    }

    public int minLength() {
        return properties.minLength();
    }

    public int maxLength() {
        return properties.maxLength();
    }

    /** Every reason to refuse {@code raw}; empty when it is acceptable. */
    public List<PasswordProblem> check(CharSequence raw, PasswordContext context) {
        List<PasswordProblem> problems = new ArrayList<>();
        if (raw == null || raw.length() == 0) {
            problems.add(new PasswordProblem("required", "Enter a password."));
            return problems;
        }
        if (raw.length() > properties.maxLength() * 2) {
            problems.add(new PasswordProblem("too-long", "Use at most " + properties.maxLength() + " characters.", properties.maxLength()));
            return problems;
        }
        String password = PasswordHasher.normalize(raw);
        int length = password.codePointCount(0, password.length());
        if (length > properties.maxLength()) {
            problems.add(new PasswordProblem("too-long", "Use at most " + properties.maxLength() + " characters.", properties.maxLength()));
            return problems;
        }
        if (password.codePoints().anyMatch(PasswordPolicy::isControl)) {
            problems.add(new PasswordProblem("control-character", "The password holds an invisible control character; type it again."));
            return problems;
        }
        if (length < properties.minLength()) {
            problems.add(new PasswordProblem("too-short", "Use at least " + properties.minLength() + " characters (you have " + length + "). A few unrelated words make a long password that is easy to remember.",
                    properties.minLength(), length));
            return problems;
        }
        problems.addAll(strengthProblems(password, context));
        return problems;
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

    private List<PasswordProblem> strengthProblems(String password, PasswordContext context) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (context != null) {
            for (String input : context.userInputs()) {
                if (input.length() >= 4 && lower.contains(input) && input.length() * 2 >= lower.length()) {
                    return List.of(new PasswordProblem("personal", "Do not build the password from your username, email address, name or the name of this service."));
                }
            }
        }
        Strength strength = measure(password, context);
        if (strength.getScore() >= MIN_SCORE) {
            return List.of();
        }
        return List.of(reason(strength.getSequence()));
    }

    private static PasswordProblem reason(List<Match> sequence) {
        for (Match m : sequence) {
            if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary && "user_inputs".equals(m.dictionaryName)) {
                return new PasswordProblem("personal", "Do not build the password from your username, email address, name or the name of this service.");
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

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT && cp != 0x200D; // keep ZWJ: emoji sequences need it
    }
}
