package org.certportal.factor;

import org.certportal.account.Account;
import org.certportal.login.SecondFactorLookup;
import org.springframework.stereotype.Component;

/** Sign-in's view of the second factors (see {@link SecondFactorLookup}). */
@Component
class FactorLookup implements SecondFactorLookup {

    private final SecondFactors factors;
    private final MfaProperties properties;

    FactorLookup(SecondFactors factors, MfaProperties properties) {
        this.factors = factors;
        this.properties = properties;
    }

    @Override
    public boolean hasSecondFactor(long accountId) {
        return factors.hasAny(accountId);
    }

    @Override
    public boolean required(Account account) {
        return properties.requires(account);
    }
}
