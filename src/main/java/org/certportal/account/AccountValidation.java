package org.certportal.account;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of usernames and email addresses, shared by the forms, the console and the command line.
 * A refusal is a code with its arguments; the console's page and the command line (in English) put it
 * into words through the message {@link Problem#key()}.
 */
public final class AccountValidation {

    /** What is wrong with a field: message {@code account.problem.CODE} with {@code args}. */
    public record Problem(String code, Object... args) {

        public String key() {
            return "account.problem." + code;
        }

        /** For exceptions and logs, which name the code rather than a sentence. */
        @Override
        public String toString() {
            return code + java.util.Arrays.toString(args);
        }
    }

    public static final int USERNAME_MAX = 64;
    public static final int EMAIL_MAX = 254;
    /** The column's size: a longer name was a database error (500) before it was a form error. */
    public static final int DISPLAY_NAME_MAX = 128;

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,64}");
    // Deliberately simple: a mailbox, one @, a dotted domain; the mail server has the last word.
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>\"(),;:\\\\\\[\\]]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");

    private AccountValidation() {
    }

    public static Optional<Problem> usernameProblem(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of(new Problem("username.required"));
        }
        if (username.codePointCount(0, username.length()) > USERNAME_MAX) {
            return Optional.of(new Problem("username.too-long", USERNAME_MAX));
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of(new Problem("username.characters"));
        }
        return Optional.empty();
    }

    public static Optional<Problem> emailProblem(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of(new Problem("email.required"));
        }
        if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            return Optional.of(new Problem("email.invalid", printable(email)));
        }
        return Optional.empty();
    }

    /**
     * A display name goes into email greetings: a line break there would start a line of the
     * sender's choosing, and bidirectional overrides can make a name read as another one.
     */
    public static Optional<Problem> displayNameProblem(String displayName) {
        if (displayName == null || displayName.isEmpty()) {
            return Optional.empty();
        }
        if (displayName.length() > DISPLAY_NAME_MAX) {
            return Optional.of(new Problem("displayName.too-long", DISPLAY_NAME_MAX));
        }
        for (int i = 0; i < displayName.length(); i++) {
            char c = displayName.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return Optional.of(new Problem("displayName.control"));
            }
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
