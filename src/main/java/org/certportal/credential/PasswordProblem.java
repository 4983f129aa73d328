package org.certportal.credential;

/**
 * Why a password was refused: a stable code and its arguments. Pages, the strength meter and the
 * command line turn it into a sentence through the message {@link #key()} in their language (the
 * command line in English); Java never holds the sentence.
 */
public record PasswordProblem(String code, Object... args) {

    public String key() {
        return "password.problem." + code;
    }
}
