package org.certportal.account;

public class DuplicateUsernameException extends RuntimeException {

    public DuplicateUsernameException(String username) {
        super("the username '" + username + "' is already taken");
    }
}
