package org.certportal.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.certportal.credential.PasswordProperties;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Setting a new password, wherever it happens (the change page, account setup): the policy,
 * the history, then one transaction that stores the hash, voids temporary passwords and links,
 * queues email 4 and writes the audit event.
 */
@Service
public class PasswordChangeService {

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final PasswordProperties passwordProperties;
    private final TemporaryPasswords temporaryPasswords;
    private final ResetTokens tokens;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AccountMail mail;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    public PasswordChangeService(AccountService accounts, PasswordHasher hasher, PasswordPolicy policy, PasswordProperties passwordProperties,
            TemporaryPasswords temporaryPasswords, ResetTokens tokens, Outbox outbox, AuditLog audit, AccountMail mail, TransactionTemplate tx,
            java.time.Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.passwordProperties = passwordProperties;
        this.temporaryPasswords = temporaryPasswords;
        this.tokens = tokens;
        this.outbox = outbox;
        this.audit = audit;
        this.mail = mail;
        this.tx = tx;
        this.clock = clock;
    }

    /** Reasons to refuse {@code candidate} as the new password of {@code account}; empty when it is fine. */
    public List<PasswordProblem> problems(Account account, String candidate) {
        List<PasswordProblem> problems = new ArrayList<>(policy.check(candidate, new PasswordContext(account.username(), account.email(), account.displayName())));
        if (!problems.isEmpty()) {
            return problems;
        }
        if (temporaryPasswords.isTemporary(account.id(), candidate)) {
            problems.add(new PasswordProblem("temporary"));
            return problems;
        }
        if (account.hasUsablePassword() && hasher.matches(candidate, account.passwordHash())) {
            problems.add(new PasswordProblem("reused"));
            return problems;
        }
        for (String old : accounts.recentPasswordHashes(account.id(), passwordProperties.historySize())) {
            if (hasher.matches(candidate, old)) {
                problems.add(new PasswordProblem("history"));
                return problems;
            }
        }
        return problems;
    }

    /** Sets the new password; the "password changed" email speaks {@code pageLanguage}, the language of the page where it was set. */
    public void change(Account account, String newPassword, AuditActor actor, String clientAddress, String pageLanguage) {
        String hash = hasher.hash(newPassword);
        tx.executeWithoutResult(status -> {
            accounts.changePassword(account.id(), hash);
            temporaryPasswords.clear(account.id());
            tokens.revokeAll(account.id());
            outbox.enqueue(mail.to(account, pageLanguage, "password-changed", Map.of(
                    "when", mail.time(clock.instant()),
                    "from", mail.from(clientAddress))));
            audit.record(SecurityEvent.of(AuditType.PASSWORD_CHANGED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(actor)
                    .from(clientAddress));
        });
    }
}
