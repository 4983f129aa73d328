package org.certportal.recovery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.platform.PollingTask;
import org.certportal.recovery.RecoveryRequests.Request;
import org.certportal.throttle.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes recovery requests after they were answered. Each request is claimed with a lease (a
 * conditional UPDATE, see {@link RecoveryRequests}), so with several nodes exactly one handles it,
 * and one that dies mid-way leaves it to the others once the lease ends. Throttles (per address,
 * per account) act here, where the person who asked cannot observe them. It runs as a
 * {@link PollingTask} on Spring's scheduler, which no request wakes (see {@link RecoveryRequests#submit}).
 */
@Component
class RecoveryWorker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 50;

    private final RecoveryRequests requests;
    private final TransactionTemplate tx;
    private final AccountService accounts;
    private final RecoveryService recovery;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final RecoveryProperties properties;
    private final Clock clock;

    RecoveryWorker(RecoveryRequests requests, TransactionTemplate tx, AccountService accounts, RecoveryService recovery, RateLimiter limiter, AuditLog audit,
            RecoveryProperties properties, Clock clock) {
        this.requests = requests;
        this.tx = tx;
        this.accounts = accounts;
        this.recovery = recovery;
        this.limiter = limiter;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One pass every {@code certportal.recovery.poll-interval} on Spring's scheduler, at once again
     * while there is a backlog; none in the administration commands (the running portal's worker
     * takes what they leave).
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.workerEnabled()) {
            new PollingTask("recovery-worker", properties.pollInterval(), BATCH, this::processPending).scheduleOn(registrar);
        }
    }

    /** Answered requests are kept a week for support's questions, then deleted. */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void deleteOldRequests() {
        requests.deleteOlderThan(clock.instant().minus(java.time.Duration.ofDays(7)));
    }

    int processPending() {
        List<Request> pending = requests.claimable(BATCH);
        for (Request r : pending) {
            requests.claim(r.id(), properties.lease()).ifPresent(claim -> process(r, claim));
        }
        return pending.size();
    }

    /**
     * Handles one claimed request in the transaction that marks it done, so the emails it queues
     * exist exactly when it is marked done: a crash before the commit leaves the request to be
     * taken over when the lease ends, with nothing queued, and a node that lost its lease (another
     * took the request over) queues nothing, because its mark fails and everything rolls back.
     * The mark comes first: on PostgreSQL it locks the row, so a takeover waits for this outcome.
     * False when the claim no longer held or the handling failed (then it is tried again after
     * the lease, up to {@link RecoveryRequests#MAX_ATTEMPTS} times).
     */
    boolean process(Request r, RecoveryRequests.Claim claim) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                if (!requests.complete(claim)) {
                    return false;
                }
                handle(r);
                return true;
            }));
        } catch (RuntimeException e) {
            boolean last = r.attempts() + 1 >= RecoveryRequests.MAX_ATTEMPTS;
            log.warn("Recovery request {} failed (attempt {} of {}{}): {}", r.id(), r.attempts() + 1, RecoveryRequests.MAX_ATTEMPTS,
                    last ? ", giving up" : ", will be tried again after the lease", e.toString());
            return false;
        }
    }

    private void handle(Request r) {
        if (!limiter.hit("recovery-address:" + r.clientAddress(), limiter.limits().recoveryRequests()).allowed()) {
            audit.record(SecurityEvent.of(AuditType.RECOVERY_REQUESTED, AuditOutcome.THROTTLED).about(AuditSubject.claimed(r.username()))
                    .from(r.clientAddress()).detail("too many requests from this address"));
            return;
        }
        if (RecoveryRequests.USERNAME.equals(r.kind())) {
            handleUsernameReminder(r);
            return;
        }
        Optional<Account> match = accounts.findByUsername(r.username())
                .filter(a -> r.email() != null && Account.emailKey(a.email()).equals(Account.emailKey(r.email())));
        if (match.isEmpty()) {
            audit.record(SecurityEvent.of(AuditType.RECOVERY_REQUESTED, AuditOutcome.NO_MATCH).about(AuditSubject.claimed(r.username()))
                    .from(r.clientAddress()).detail("no account with that username and email"));
            return;
        }
        Account account = match.get();
        // Recorded as the account's own request: it named the account's username and email.
        AuditActor owner = AuditActor.of(account.username());
        if (!account.isActive()) {
            audit.record(SecurityEvent.of(AuditType.RECOVERY_REQUESTED, AuditOutcome.REFUSED).about(account.id(), account.username()).by(owner)
                    .from(r.clientAddress()).detail("account is " + account.status()));
            return;
        }
        if (!limiter.hit("recovery-account:" + account.id(), limiter.limits().recoveryEmails()).allowed()) {
            audit.record(SecurityEvent.of(AuditType.RECOVERY_REQUESTED, AuditOutcome.THROTTLED).about(account.id(), account.username()).by(owner)
                    .from(r.clientAddress()).detail("too many requests for this account"));
            return;
        }
        audit.record(SecurityEvent.of(AuditType.RECOVERY_REQUESTED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(owner)
                .from(r.clientAddress()));
        recovery.startReset(account, owner, r.clientAddress(), r.locale(), r.clientId());
    }

    private void handleUsernameReminder(Request r) {
        List<Account> matches = accounts.findByEmail(r.email()).stream().filter(a -> a.status() != org.certportal.account.AccountStatus.DISABLED).toList();
        if (matches.isEmpty()) {
            audit.record(SecurityEvent.of(AuditType.USERNAME_REMINDER_SENT, AuditOutcome.NO_MATCH).from(r.clientAddress()).detail("no account with that email"));
            return;
        }
        if (!limiter.hit("username-reminder:" + Account.emailKey(r.email()), limiter.limits().recoveryEmails()).allowed()) {
            audit.record(SecurityEvent.of(AuditType.USERNAME_REMINDER_SENT, AuditOutcome.THROTTLED).about(new AuditSubject(matches.get(0).id(), null))
                    .from(r.clientAddress()).detail("too many requests for this address"));
            return;
        }
        recovery.sendUsernameReminder(matches, AuditActor.selfService(), r.clientAddress(), r.locale());
    }
}
