package org.certportal.login;

import org.certportal.account.Account;

/**
 * What sign-in needs to know of an account's second factors, provided by the factor module (which
 * depends on this one, so sign-in cannot call it by name).
 */
public interface SecondFactorLookup {

    /** Whether the account has a confirmed second factor. */
    boolean hasSecondFactor(long accountId);

    /** Whether the policy ({@code certportal.mfa.*}) requires this account to have one. */
    boolean required(Account account);

    /** The step a fresh sign-in of this account starts in. */
    default SecondFactorStep stepAtSignIn(Account account) {
        if (hasSecondFactor(account.id())) {
            return SecondFactorStep.ASKED;
        }
        return required(account) ? SecondFactorStep.ENROLL : SecondFactorStep.NONE;
    }
}
