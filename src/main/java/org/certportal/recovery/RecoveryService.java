package org.certportal.recovery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.TemporaryPasswords;
import org.certportal.login.AccountLocks;
import org.certportal.mail.AccountMail;
import org.certportal.mail.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the seed article's recovery that happen after the answer: emails 1 and 2 for an
 * active, unlocked account; a "your account is locked" email instead for a locked one; email 3
 * with the temporary password when the link's button is pressed.
 */
@Service
public class RecoveryService {

    private final AccountService accounts;
    private final ResetTokens tokens;
    private final TemporaryPasswords temporaryPasswords;
    private final AccountLocks locks;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AccountMail mail;
    private final RecoveryProperties properties;
    private final Clock clock;

    public RecoveryService(AccountService accounts, ResetTokens tokens, TemporaryPasswords temporaryPasswords, AccountLocks locks, Outbox outbox,
            AuditLog audit, AccountMail mail, RecoveryProperties properties, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.temporaryPasswords = temporaryPasswords;
        this.locks = locks;
        this.outbox = outbox;
        this.audit = audit;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    public boolean isLocked(long accountId) {
        return locks.isLocked(accountId);
    }

    /**
     * Emails 1 and 2 (or the locked notice), started by a support agent ({@code actor}): in the
     * language the account chose last, not the agent's, since they go to the account holder.
     */
    @Transactional
    public void startReset(Account account, AuditActor actor, String clientAddress) {
        startReset(account, actor, clientAddress, null);
    }

    /**
     * Emails 1 and 2 (or the locked notice). {@code actor} is the account itself or the support
     * agent; {@code pageLanguage} the language of the page where the request was made, or null
     * for the account's own choice.
     */
    @Transactional
    public void startReset(Account account, AuditActor actor, String clientAddress, String pageLanguage) {
        startReset(account, actor, clientAddress, pageLanguage, null);
    }

    /**
     * As above, for a request made inside a single sign-on: the link remembers {@code clientId}, so
     * that a browser other than the one that asked can continue to that client afterwards.
     */
    @Transactional
    public void startReset(Account account, AuditActor actor, String clientAddress, String pageLanguage, String clientId) {
        AccountLocks.LockStatus lock = locks.status(account.id());
        if (lock.locked()) {
            outbox.enqueue(mail.to(account, pageLanguage, "reset-refused-locked", Map.of(
                    "when", mail.time(clock.instant()),
                    "from", mail.from(clientAddress),
                    "until", lock.permanent() || lock.lockedUntil() == null ? "" : mail.time(lock.lockedUntil()),
                    "lockDuration", mail.duration(locks.lockDuration()))));
            audit.record(SecurityEvent.of(AuditType.RESET_REFUSED_LOCKED, AuditOutcome.REFUSED).about(account.id(), account.username()).by(actor)
                    .from(clientAddress).detail("account is locked"));
            return;
        }
        String token = tokens.issue(account.id(), ResetTokens.RESET, properties.linkTtl(), pageLanguage, clientId);
        outbox.enqueue(mail.to(account, pageLanguage, "reset-requested", Map.of(
                "when", mail.time(clock.instant()),
                "from", mail.from(clientAddress),
                "byAgent", Boolean.toString(!actor.equals(AuditActor.of(account.username()))))));
        outbox.enqueue(mail.to(account, pageLanguage, "reset-link", Map.of(
                "resetUrl", mail.link("/reset/" + token),
                "validFor", mail.duration(properties.linkTtl()))));
        audit.record(SecurityEvent.of(AuditType.RESET_LINK_SENT, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(actor)
                .from(clientAddress).detail("emails 1 and 2 queued"));
    }

    /**
     * Email 3: the link's button was pressed, on a page in {@code pageLanguage}. The email speaks the
     * language of the page where the reset was asked for (kept with the link), else the account's own
     * choice, and only for an account that never chose one the language of the button's page: the
     * link may be opened on another device, in another language, than the one that asked. Empty when
     * the link is invalid, used, expired or superseded.
     */
    @Transactional
    public Optional<Account> issueTemporaryPassword(String token, String clientAddress, String pageLanguage) {
        Optional<Long> accountId = tokens.consume(token, ResetTokens.RESET);
        if (accountId.isEmpty()) {
            audit.record(SecurityEvent.of(AuditType.RESET_LINK_INVALID, AuditOutcome.REFUSED).from(clientAddress).detail("invalid, used or expired link"));
            return Optional.empty();
        }
        Account account = accounts.findById(accountId.get()).filter(Account::isActive).orElse(null);
        if (account == null) {
            return Optional.empty();
        }
        String temporary = temporaryPasswords.issue(account.id(), properties.temporaryPasswordTtl());
        String language = tokens.language(token).orElse(account.locale() != null ? null : pageLanguage);
        outbox.enqueue(mail.to(account, language, "temporary-password", Map.of(
                "temporaryPassword", temporary,
                "validFor", mail.duration(properties.temporaryPasswordTtl()))));
        audit.record(SecurityEvent.of(AuditType.TEMPORARY_PASSWORD_ISSUED, AuditOutcome.SUCCESS).about(account.id(), account.username())
                .by(AuditActor.of(account.username())).from(clientAddress).detail("email 3 queued"));
        return Optional.of(account);
    }

    /** A username reminder that support sends: in the language the (first) account chose last. */
    @Transactional
    public void sendUsernameReminder(List<Account> matches, AuditActor actor, String clientAddress) {
        sendUsernameReminder(matches, actor, clientAddress, null);
    }

    /**
     * The answer to "I forgot my username": every username registered to that address, by email,
     * in {@code pageLanguage} (the page where it was asked), or else the language the first account chose last.
     */
    @Transactional
    public void sendUsernameReminder(List<Account> matches, AuditActor actor, String clientAddress, String pageLanguage) {
        if (matches.isEmpty()) {
            return;
        }
        Account first = matches.get(0);
        String names = String.join(", ", matches.stream().map(Account::username).toList());
        outbox.enqueue(mail.to(first, pageLanguage, "username-reminder", Map.of("usernames", names, "count", Integer.toString(matches.size()))));
        for (Account a : matches) {
            audit.record(SecurityEvent.of(AuditType.USERNAME_REMINDER_SENT, AuditOutcome.SUCCESS).about(a.id(), a.username()).by(actor).from(clientAddress));
        }
    }

    /** The account-setup email of an account created without a password. */
    @Transactional
    public void sendAccountSetup(Account account, AuditActor actor) {
        String token = tokens.issue(account.id(), ResetTokens.SETUP, properties.setupLinkTtl());
        outbox.enqueue(mail.to(account, "account-setup", Map.of(
                "setupUrl", mail.link("/setup/" + token),
                "validFor", mail.duration(properties.setupLinkTtl()))));
        audit.record(SecurityEvent.of(AuditType.ACCOUNT_CREATED, AuditOutcome.SUCCESS).about(account.id(), account.username()).by(actor)
                .detail("account-setup email queued"));
    }
}
