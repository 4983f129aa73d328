package org.certportal.credential;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import com.nulabinc.zxcvbn.matchers.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    private static final PasswordProblem PWNED = new PasswordProblem("pwned");
    private static final PasswordProblem PWNED_UNAVAILABLE = new PasswordProblem("pwned-unavailable");

    /** zxcvbn's cost grows with length: a long password is judged by its first characters. */
    private static final int STRENGTH_WINDOW = 100;
    /** zxcvbn score 3 = more than 10^8 guesses: out of reach of an online attack and of cheap offline ones. */
    private static final int MIN_SCORE = 3;
    /** Letters of one's own a password needs besides the account's and the product's names. */
    private static final int MIN_OWN_LETTERS = 4;

    private final PasswordProperties properties;
    private final PasswordBlocklist blocklist;
    private final PwnedPasswords pwned;

    /**
     * zxcvbn's dictionaries, read at the first check or at {@link #preload()}, not with the bean: reading
     * them cost the start's main thread 0.2 s (JFR), and no page of the start needs them.
     */
    private static final class Estimator {
        static final Zxcvbn ZXCVBN = new Zxcvbn();
    }

    /** Reads zxcvbn's dictionaries now if no check has yet; for after the start ({@link PasswordCheckPreload}). */
    public void preload() {
        Estimator.ZXCVBN.hashCode();
    }

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
            problems.add(new PasswordProblem("required"));
            return new Offline(problems, null);
        }
        if (raw.length() > properties.maxLength() * 2) {
            problems.add(new PasswordProblem("too-long", properties.maxLength()));
            return new Offline(problems, null);
        }
        String password = PasswordHasher.normalize(raw);
        int length = password.codePointCount(0, password.length());
        if (length > properties.maxLength()) {
            problems.add(new PasswordProblem("too-long", properties.maxLength()));
            return new Offline(problems, null);
        }
        if (password.codePoints().anyMatch(PasswordPolicy::isControl)) {
            problems.add(new PasswordProblem("control-character"));
            return new Offline(problems, null);
        }
        if (length < properties.minLength()) {
            problems.add(new PasswordProblem("too-short", properties.minLength(), length));
            return new Offline(problems, null);
        }
        if (blocklist.contains(password)) {
            problems.add(new PasswordProblem("blocklisted"));
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
        return Estimator.ZXCVBN.measure(window, PasswordContext.words(context));
    }

    private Offline strength(String password, PasswordContext context) {
        String lower = password.toLowerCase(Locale.ROOT);
        Optional<PasswordContext.Source> builtFrom = builtFrom(lower, PasswordContext.inputs(context));
        if (builtFrom.isPresent()) {
            return new Offline(List.of(new PasswordProblem(builtFrom.get().problem)), null);
        }
        Strength strength = measure(password, context);
        if (strength.getScore() >= MIN_SCORE) {
            return new Offline(List.of(), strength);
        }
        return new Offline(List.of(reason(strength.getSequence(), context)), strength);
    }

    /**
     * Whether the password is mostly the account's names or the product's: one of them makes up half
     * of it, or what is left once they are taken out has fewer than {@value #MIN_OWN_LETTERS} letters
     * (so "Certportal2024certportal!" and "j.oberholzer-1987" are refused; zxcvbn alone scores them 3).
     */
    static boolean builtFromNames(String lower, List<PasswordContext.Input> inputs) {
        return builtFrom(lower, inputs).isPresent();
    }

    /** Which kind of name the password is mostly built from (the longest one found), if it is. */
    static Optional<PasswordContext.Source> builtFrom(String lower, List<PasswordContext.Input> inputs) {
        List<PasswordContext.Input> names = inputs.stream().filter(i -> i.word().length() >= 4)
                .sorted((a, b) -> b.word().length() - a.word().length()).toList();
        String rest = lower;
        PasswordContext.Source first = null;
        for (PasswordContext.Input name : names) {
            if (lower.contains(name.word()) && name.word().length() * 2 >= lower.length()) {
                return Optional.of(name.source());
            }
            if (rest.contains(name.word())) {
                rest = rest.replace(name.word(), " ");
                first = first == null ? name.source() : first;
            }
        }
        return first != null && rest.codePoints().filter(Character::isLetter).count() < MIN_OWN_LETTERS ? Optional.of(first) : Optional.empty();
    }

    /** The most telling reason zxcvbn's findings give, each code naming exactly what is wrong. */
    private static PasswordProblem reason(List<Match> sequence, PasswordContext context) {
        for (Match m : sequence) {
            if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary && "user_inputs".equals(m.dictionaryName)) {
                return new PasswordProblem(PasswordContext.sourceOf(m.matchedWord.toString(), context).problem);
            }
        }
        for (Match m : sequence) {
            if (m.pattern == com.nulabinc.zxcvbn.Pattern.Dictionary && "passwords".equals(m.dictionaryName)) {
                if (sequence.size() == 1) {
                    return new PasswordProblem("common");
                }
                boolean onlyAdditions = sequence.stream().filter(o -> o != m)
                        .allMatch(o -> o.token.codePoints().noneMatch(Character::isLetter));
                return new PasswordProblem(onlyAdditions ? "common-with-additions" : "common-part");
            }
        }
        for (Match m : sequence) {
            switch (m.pattern) {
                case Repeat -> {
                    return new PasswordProblem("repetition");
                }
                case Sequence -> {
                    return new PasswordProblem("sequence");
                }
                case Spatial -> {
                    return new PasswordProblem("keyboard");
                }
                case Date -> {
                    return new PasswordProblem("date");
                }
                default -> {
                }
            }
        }
        return new PasswordProblem("guessable");
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
