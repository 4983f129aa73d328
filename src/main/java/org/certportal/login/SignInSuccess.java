package org.certportal.login;

import io.micrometer.core.instrument.MeterRegistry;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.springframework.stereotype.Component;

/**
 * What every sign-in does once its proof holds, whether a password ({@link PortalAuthenticationProvider})
 * or a passkey ({@link PasskeySignIn}): the last sign-in time, where the session stands with the second
 * factor, the sign-in metric and the audit line, and the session's {@link PortalUser}.
 */
@Component
class SignInSuccess {

    private final AccountService accounts;
    private final SecondFactorLookup secondFactors;
    private final AuditLog audit;
    private final MeterRegistry meters;

    SignInSuccess(AccountService accounts, SecondFactorLookup secondFactors, AuditLog audit, MeterRegistry meters) {
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.audit = audit;
        this.meters = meters;
    }

    /**
     * @param changeReason why the password must change now, or null
     * @param passkey the proof was a user-verified passkey, which is the second factor already
     */
    PortalUser signedIn(Account account, String changeReason, boolean temporary, boolean passkey, SignInDetails details, String subject) {
        accounts.recordSignIn(account.id());
        SecondFactorStep step = secondFactors.stepAtSignIn(account);
        if (passkey && step != SecondFactorStep.NONE) {
            step = SecondFactorStep.PASSED;
        }
        meters.counter("certportal.sign-ins", "outcome", step == SecondFactorStep.ASKED ? "second-factor-asked" : "success").increment();
        String how = passkey ? "with a passkey" : temporary ? "with a temporary password" : "with password";
        audit.record(SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.of(account.username())).from(details.clientAddress())
                .detail(how + (subject.startsWith("d:") ? ", known device" : "") + (step == SecondFactorStep.ASKED ? ", second factor asked" : "")));
        return new PortalUser(account.id(), account.username(), account.role(), changeReason, temporary, step);
    }
}
