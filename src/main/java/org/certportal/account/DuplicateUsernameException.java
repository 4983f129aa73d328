package org.certportal.account;

/** The username is taken: {@link #problem()} puts it into words (account.problem.username.taken). */
public class DuplicateUsernameException extends RuntimeException {

    private final String username;

    public DuplicateUsernameException(String username) {
        super("username taken");
        this.username = username;
    }

    public AccountValidation.Problem problem() {
        return new AccountValidation.Problem("username.taken", username);
    }
}
