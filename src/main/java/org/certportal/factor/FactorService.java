package org.certportal.factor;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.certportal.account.Account;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.login.PortalAuthentication;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to an account's second factors: adding an authenticator app, checking a code,
 * new recovery codes, removing one factor or (support) all of them. Each change is audited and
 * emails the owner through the outbox, in the transaction of the change. Codes and secrets never
 * reach the audit log, a log line or an email.
 */
@Service
public class FactorService {

    private final SecondFactors factors;
    private final RecoveryCodes recoveryCodes;
    private final MfaProperties properties;
    private final AuditLog audit;
    private final Outbox outbox;
    private final AccountMail mail;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    FactorService(SecondFactors factors, RecoveryCodes recoveryCodes, MfaProperties properties, AuditLog audit, Outbox outbox, AccountMail mail,
            Clock clock, TransactionTemplate tx, FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.factors = factors;
        this.recoveryCodes = recoveryCodes;
        this.properties = properties;
        this.audit = audit;
        this.outbox = outbox;
        this.mail = mail;
        this.clock = clock;
        this.tx = tx;
        this.sessions = sessions;
    }

    public List<SecondFactors.Factor> factorsOf(long accountId) {
        return factors.of(accountId);
    }

    public boolean required(Account account) {
        return properties.requires(account);
    }

    /**
     * Checks a second-factor code of the account: six digits are an authenticator code, anything else
     * is tried as a recovery code. Returns the factor authority the code proves, or empty. A used
     * recovery code emails the owner how many remain.
     */
    Optional<String> check(Account account, String code, String address) {
        String c = code == null ? "" : code.strip().replace(" ", "");
        if (Totp.isCode(c)) {
            return factors.useTotpCode(account.id(), c) ? Optional.of(PortalAuthentication.TOTP) : Optional.empty();
        }
        if (!factors.hasAny(account.id()) || !recoveryCodes.use(account.id(), c)) {
            return Optional.empty();
        }
        int remaining = recoveryCodes.remaining(account.id());
        tx.executeWithoutResult(s -> {
            audit.record(SecurityEvent.of(AuditType.RECOVERY_CODE_USED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail(remaining + " recovery codes left"));
            outbox.enqueue(mail.to(account, "recovery-code-used", Map.of("when", mail.time(clock.instant()), "from", mail.from(address),
                    "remaining", Integer.toString(remaining))));
        });
        return Optional.of(PortalAuthentication.RECOVERY_CODE);
    }

    /** The step of {@code code} for a secret being added, if it is a current code. */
    OptionalLong confirmStep(byte[] secret, String code) {
        String c = code == null ? "" : code.strip().replace(" ", "");
        return Totp.matchingStep(secret, c, clock.instant(), Long.MIN_VALUE);
    }

    /**
     * Adds a confirmed authenticator app. Returns the new recovery codes when it is the account's
     * first factor (to be shown once), else an empty list.
     */
    List<String> addTotp(Account account, String name, byte[] secret, long acceptedStep, String address) {
        return tx.execute(s -> {
            boolean first = !factors.hasAny(account.id());
            factors.addTotp(account.id(), name, secret, acceptedStep);
            List<String> codes = first ? recoveryCodes.replace(account.id()) : List.of();
            audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR_ADDED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail("authenticator app \"" + name + "\"" + (first ? ", recovery codes created" : "")));
            outbox.enqueue(mail.to(account, "second-factor-added", Map.of("when", mail.time(clock.instant()), "from", mail.from(address),
                    "name", name, "kind", "app")));
            return codes;
        });
    }

    List<String> newRecoveryCodes(Account account, String address) {
        return tx.execute(s -> {
            List<String> codes = recoveryCodes.replace(account.id());
            audit.record(SecurityEvent.of(AuditType.RECOVERY_CODES_CREATED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail("new set of " + codes.size() + "; the old codes no longer work"));
            return codes;
        });
    }

    public int remainingRecoveryCodes(long accountId) {
        return recoveryCodes.remaining(accountId);
    }

    public boolean hasAny(long accountId) {
        return factors.hasAny(accountId);
    }

    public boolean hasPasskey(long accountId) {
        return factors.hasPasskey(accountId);
    }

    /**
     * Adds a passkey just registered through Spring Security's WebAuthn endpoints (which stored it):
     * the audit line and the owner's email, as for an authenticator app. Returns the new recovery
     * codes when it is the account's first factor (the passkey is in the database already, so
     * "first" means it is the only one), else an empty list.
     */
    List<String> passkeyAdded(Account account, String label, String address) {
        return tx.execute(s -> {
            boolean first = factors.of(account.id()).size() == 1;
            List<String> codes = first ? recoveryCodes.replace(account.id()) : List.of();
            audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR_ADDED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail("passkey \"" + label + "\"" + (first ? ", recovery codes created" : "")));
            outbox.enqueue(mail.to(account, "second-factor-added", Map.of("when", mail.time(clock.instant()), "from", mail.from(address),
                    "name", label, "kind", "passkey")));
            return codes;
        });
    }

    /** Removes one factor of the owner's (after a fresh code); false when it has no such factor. */
    boolean removeOne(Account account, long factorId, String address) {
        return remove(account, f -> !f.passkey() && f.id() == factorId, address);
    }

    /** Removes one passkey of the owner's (after a fresh factor); false when it has no such passkey. */
    boolean removePasskey(Account account, String credentialId, String address) {
        return remove(account, f -> f.passkey() && f.credentialId().equals(credentialId), address);
    }

    private boolean remove(Account account, java.util.function.Predicate<SecondFactors.Factor> which, String address) {
        Boolean removed = tx.execute(s -> {
            Optional<SecondFactors.Factor> factor = factors.of(account.id()).stream().filter(which).findFirst();
            if (factor.isEmpty()) {
                return false;
            }
            SecondFactors.Factor f = factor.get();
            if (!(f.passkey() ? factors.removePasskey(account.id(), f.credentialId()) : factors.remove(account.id(), f.id()))) {
                return false;
            }
            boolean last = !factors.hasAny(account.id());
            if (last) {
                recoveryCodes.removeAll(account.id());
            }
            audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR_REMOVED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail((f.passkey() ? "passkey \"" : "authenticator app \"") + f.name() + "\" removed by its owner" + (last ? ", with the recovery codes" : "")));
            outbox.enqueue(mail.to(account, "second-factor-removed", Map.of("when", mail.time(clock.instant()), "from", mail.from(address),
                    "name", f.name(), "bySupport", "false", "kind", f.passkey() ? "passkey" : "app")));
            return true;
        });
        return Boolean.TRUE.equals(removed);
    }

    /**
     * Support's "Remove second factors": every factor (passkeys and their user entity included) and recovery code goes, the owner is emailed at
     * once, and every session of the account ends (a role-required factor is enrolled again at the
     * next sign-in). Returns how many factors there were.
     */
    public int removeAllBySupport(Account account, String agent, String address) {
        Integer removed = tx.execute(s -> {
            int n = factors.removeAll(account.id());
            int codes = recoveryCodes.removeAll(account.id());
            audit.record(SecurityEvent.of(AuditType.SECOND_FACTOR_REMOVED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(AuditActor.of(agent)).from(address).detail("every second factor (" + n + ") and recovery code (" + codes + ") removed by support"));
            outbox.enqueue(mail.to(account, "second-factor-removed", Map.of("when", mail.time(clock.instant()), "from", mail.from(address),
                    "name", "", "bySupport", "true")));
            return n;
        });
        for (String id : sessions.findByPrincipalName(account.username()).keySet()) {
            sessions.deleteById(id);
        }
        return removed == null ? 0 : removed;
    }

    /** Ends the account's other sessions: they were signed in with the password only. */
    void endOtherSessions(Account account, String currentSessionId) {
        for (String id : sessions.findByPrincipalName(account.username()).keySet()) {
            if (!id.equals(currentSessionId)) {
                sessions.deleteById(id);
            }
        }
    }
}
