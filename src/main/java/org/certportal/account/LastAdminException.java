package org.certportal.account;

/** Refuses a change that would leave no active administrator: nobody could then manage roles from the console. */
public class LastAdminException extends RuntimeException {

    public LastAdminException() {
        super("this is the last active administrator: make another account ADMIN first");
    }
}
