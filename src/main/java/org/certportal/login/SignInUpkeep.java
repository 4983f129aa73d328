package org.certportal.login;

import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The upkeep after a right password, apart from the check itself (issue 14 asked the sign-in
 * provider to be split): the password policy re-check when the policy changed, and the upgrade of
 * an old hash, on a thread of its own so that the person does not wait for a second hash.
 */
@Component
class SignInUpkeep {

    private static final Logger log = LoggerFactory.getLogger(SignInUpkeep.class);

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final java.util.concurrent.ExecutorService rehashing = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "password-rehash");
        t.setDaemon(true);
        return t;
    });

    SignInUpkeep(AccountService accounts, PasswordHasher hasher, PasswordPolicy policy, AuditLog audit) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
    }

    /** The reason the password must change now, or null. */
    String changeReason(Account account, String password, boolean temporary, String address) {
        if (temporary) {
            return "temporary";
        }
        String required = requiredChange(account);
        if (required != null) {
            return required;
        }
        if (!policy.fingerprint().equals(account.policyFingerprint())) {
            // Only when the policy changed since this password was last checked: zxcvbn and the
            // optional online check cost milliseconds that every sign-in would otherwise pay.
            PasswordPolicy.SignInCheck check = policy.checkAtSignIn(password, new PasswordContext(account.username(), account.email(), account.displayName()));
            Optional<PasswordProblem> weak = check.problems().stream().findFirst();
            if (weak.isPresent()) {
                String reason = "insecure:" + weak.get().code();
                accounts.requirePasswordChange(account.id(), reason);
                audit.record(SecurityEvent.of(AuditType.PASSWORD_CHANGE_REQUIRED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                        .by(AuditActor.system()).from(address).detail("password no longer meets the policy: " + weak.get().code()));
                return reason;
            } else if (check.complete()) {
                accounts.markPolicyChecked(account.id(), policy.fingerprint());
            }
            // else the breach check could not be made: the next sign-in tries again
        }
        return null;
    }

    /**
     * The reason a change is already required of this account (support, the CLI, an earlier policy
     * check), or null. A passkey sign-in has no password to re-check, so this is all it asks.
     */
    String requiredChange(Account account) {
        if (account.mustChangePassword()) {
            return account.mustChangeReason() == null ? "required" : account.mustChangeReason();
        }
        return null;
    }

    void upgradeHashIfOld(Account account, String password, boolean temporary) {
        if (temporary || !hasher.needsUpgrade(account.passwordHash())) {
            return;
        }
        rehashing.execute(() -> {
            try {
                String upgraded = hasher.hash(password);
                if (accounts.rehash(account.id(), account.passwordHash(), upgraded)) {
                    audit.record(SecurityEvent.of(AuditType.PASSWORD_REHASHED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                            .by(AuditActor.system()).detail("hash upgraded to the current Argon2id cost"));
                }
            } catch (RuntimeException e) {
                log.warn("Could not upgrade the password hash of account {}: {}", account.id(), e.toString());
            }
        });
    }
}
