package org.certportal.recovery;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditTypes;
import org.certportal.platform.Timestamps;
import org.certportal.throttle.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Processes recovery requests after they were answered. Each request is claimed with a
 * conditional UPDATE, so with several nodes exactly one handles it. Throttles (per address, per
 * account) act here, where the person who asked cannot observe them.
 */
@Component
class RecoveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecoveryWorker.class);
    private static final int BATCH = 50;

    record Request(long id, String kind, String username, String email, String clientAddress) {
    }

    private final JdbcClient jdbc;
    private final AccountService accounts;
    private final RecoveryService recovery;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final RecoveryProperties properties;
    private final Clock clock;
    private volatile boolean running;
    private volatile Thread worker;

    RecoveryWorker(JdbcClient jdbc, AccountService accounts, RecoveryService recovery, RateLimiter limiter, AuditLog audit,
            RecoveryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.recovery = recovery;
        this.limiter = limiter;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "recovery-worker");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                if (processPending() < BATCH) {
                    Thread.sleep(properties.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Recovery pass failed, will try again: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Answered requests are kept a week for support's questions, then deleted. */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void deleteOldRequests() {
        jdbc.sql("DELETE FROM recovery_request WHERE processed_at < ?").param(Timestamps.db(clock.instant().minus(java.time.Duration.ofDays(7)))).update();
    }

    int processPending() {
        List<Request> pending = jdbc.sql("SELECT id, kind, username, email, client_address FROM recovery_request WHERE processed_at IS NULL ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY")
                .query((rs, i) -> new Request(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))).list();
        for (Request r : pending) {
            int claimed = jdbc.sql("UPDATE recovery_request SET processed_at = ? WHERE id = ? AND processed_at IS NULL")
                    .param(Timestamps.db(clock.instant())).param(r.id()).update();
            if (claimed == 1) {
                try {
                    handle(r);
                } catch (RuntimeException e) {
                    log.warn("Recovery request {} failed: {}", r.id(), e.toString());
                }
            }
        }
        return pending.size();
    }

    private void handle(Request r) {
        if (!limiter.hit("recovery-address:" + r.clientAddress(), limiter.limits().recoveryRequests()).allowed()) {
            audit.record(AuditTypes.RECOVERY_REQUESTED, "THROTTLED", null, r.username(), null, r.clientAddress(), "too many requests from this address");
            return;
        }
        if (RecoveryRequests.USERNAME.equals(r.kind())) {
            handleUsernameReminder(r);
            return;
        }
        Optional<Account> match = accounts.findByUsername(r.username())
                .filter(a -> r.email() != null && Account.emailKey(a.email()).equals(Account.emailKey(r.email())));
        if (match.isEmpty()) {
            audit.record(AuditTypes.RECOVERY_REQUESTED, "NO_MATCH", null, r.username(), null, r.clientAddress(), "no account with that username and email");
            return;
        }
        Account account = match.get();
        if (!account.isActive()) {
            audit.record(AuditTypes.RECOVERY_REQUESTED, "REFUSED", account.id(), account.username(), account.username(), r.clientAddress(), "account is " + account.status());
            return;
        }
        if (!limiter.hit("recovery-account:" + account.id(), limiter.limits().recoveryEmails()).allowed()) {
            audit.record(AuditTypes.RECOVERY_REQUESTED, "THROTTLED", account.id(), account.username(), account.username(), r.clientAddress(), "too many requests for this account");
            return;
        }
        audit.record(AuditTypes.RECOVERY_REQUESTED, "SUCCESS", account.id(), account.username(), account.username(), r.clientAddress(), null);
        recovery.startReset(account, account.username(), r.clientAddress());
    }

    private void handleUsernameReminder(Request r) {
        List<Account> matches = accounts.findByEmail(r.email()).stream().filter(a -> a.status() != org.certportal.account.AccountStatus.DISABLED).toList();
        if (matches.isEmpty()) {
            audit.record(AuditTypes.USERNAME_REMINDER_SENT, "NO_MATCH", null, null, null, r.clientAddress(), "no account with that email");
            return;
        }
        if (!limiter.hit("username-reminder:" + Account.emailKey(r.email()), limiter.limits().recoveryEmails()).allowed()) {
            audit.record(AuditTypes.USERNAME_REMINDER_SENT, "THROTTLED", matches.get(0).id(), null, null, r.clientAddress(), "too many requests for this address");
            return;
        }
        recovery.sendUsernameReminder(matches, "self-service", r.clientAddress());
    }
}
