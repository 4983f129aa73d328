package org.certportal.account;

public enum AccountStatus {
    /** Created without a password: waits for its owner to follow the account-setup link. */
    PENDING_SETUP,
    ACTIVE,
    /** Switched off by support: cannot sign in or recover until enabled again. */
    DISABLED
}
