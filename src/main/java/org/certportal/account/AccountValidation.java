package org.certportal.account;

import java.util.Optional;
import java.util.regex.Pattern;

/** The shape of usernames and email addresses, shared by the forms, the console and the command line. */
public final class AccountValidation {

    public static final int USERNAME_MAX = 64;
    public static final int EMAIL_MAX = 254;

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,64}");
    // Deliberately simple: a mailbox, one @, a dotted domain; the mail server has the last word.
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>\"(),;:\\\\\\[\\]]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");

    private AccountValidation() {
    }

    public static Optional<String> usernameProblem(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of("a username is required");
        }
        if (username.codePointCount(0, username.length()) > USERNAME_MAX) {
            return Optional.of("a username has at most " + USERNAME_MAX + " characters");
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("a username may hold letters, digits and . _ @ + - only");
        }
        return Optional.empty();
    }

    public static Optional<String> emailProblem(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of("an email address is required");
        }
        if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            return Optional.of("'" + printable(email) + "' is not a valid email address");
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
