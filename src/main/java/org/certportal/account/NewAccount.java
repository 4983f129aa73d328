package org.certportal.account;

/** What it takes to create an account; passwordHash is null for an account set up by email. */
public record NewAccount(String username, String email, String displayName, Role role, String passwordHash, boolean mustChangePassword, String mustChangeReason) {
}
