package org.certportal.credential;

/**
 * Why a password was refused: a stable code (also the message key {@code password.problem.CODE})
 * and a plain English sentence for the command line and the logs.
 */
public record PasswordProblem(String code, String message, Object... args) {
}
