package org.certportal.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.certportal.account.internal.AccountRepository;
import org.certportal.account.internal.AccountSessions;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The accounts: the one API other modules use to read and change them. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final AccountSessions sessions;
    private final Clock clock;

    public AccountService(AccountRepository accounts, AccountSessions sessions, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
    }

    public Optional<Account> findByUsername(String username) {
        if (username == null || username.isBlank() || username.length() > AccountValidation.USERNAME_MAX * 2) {
            return Optional.empty();
        }
        return accounts.findByUsername(username);
    }

    public Optional<Account> findById(long id) {
        return accounts.findById(id);
    }

    public List<Account> findByEmail(String email) {
        if (email == null || email.isBlank() || email.length() > AccountValidation.EMAIL_MAX) {
            return List.of();
        }
        return accounts.findByEmail(email);
    }

    public List<Account> search(String fragment) {
        return accounts.search(fragment == null ? "" : fragment.trim(), 100);
    }

    public boolean isEmpty() {
        return accounts.count() == 0;
    }

    @Transactional
    public Account create(NewAccount account) {
        AccountValidation.usernameProblem(account.username()).ifPresent(p -> {
            throw new IllegalArgumentException("account refused: " + p);
        });
        AccountValidation.emailProblem(account.email()).ifPresent(p -> {
            throw new IllegalArgumentException("account refused: " + p);
        });
        AccountValidation.displayNameProblem(account.displayName()).ifPresent(p -> {
            throw new IllegalArgumentException("account refused: " + p);
        });
        if (accounts.findByUsername(account.username()).isPresent()) {
            throw new DuplicateUsernameException(account.username());
        }
        AccountStatus status = account.passwordHash() == null ? AccountStatus.PENDING_SETUP : AccountStatus.ACTIVE;
        try {
            long id = accounts.insert(account, status, clock.instant());
            if (account.passwordHash() != null) {
                accounts.addHistory(id, account.passwordHash(), clock.instant());
            }
            return accounts.findById(id).orElseThrow();
        } catch (DuplicateKeyException e) {
            throw new DuplicateUsernameException(account.username());
        }
    }

    /**
     * Sets a new password hash, clears the must-change flag and keeps the hash in the history. The
     * account's single sign-on tokens end with the old password: a refresh token taken before a
     * reset must not outlive it (ASVS V7.4.3).
     */
    @Transactional
    public void changePassword(long accountId, String newHash) {
        accounts.updatePassword(accountId, newHash, clock.instant());
        accounts.addHistory(accountId, newHash, clock.instant());
        accounts.findById(accountId).ifPresent(a -> sessions.endSingleSignOns(a.username()));
    }

    /** Records that the current password passed the policy whose fingerprint is given. */
    public void markPolicyChecked(long accountId, String policyFingerprint) {
        accounts.markPolicyChecked(accountId, policyFingerprint);
    }

    public boolean rehash(long accountId, String oldHash, String newHash) {
        return accounts.rehash(accountId, oldHash, newHash);
    }

    public List<String> recentPasswordHashes(long accountId, int limit) {
        return accounts.history(accountId, limit);
    }

    /** Every open session of the account ends with it, so that each of them goes through the change at its next sign-in. */
    @Transactional
    public void requirePasswordChange(long accountId, String reason) {
        accounts.requirePasswordChange(accountId, reason);
        accounts.findById(accountId).ifPresent(a -> sessions.endAll(a.username()));
    }

    /**
     * Keeps {@code language} (a BCP 47 tag) as the account's language, the one its emails speak
     * when no page decides; one conditional UPDATE that writes only when the language changes.
     */
    public void rememberLanguage(long accountId, String language) {
        accounts.updateLocale(accountId, language);
    }

    public void recordSignIn(long accountId) {
        accounts.recordSignIn(accountId, clock.instant());
    }

    /**
     * Changes the status and ends every open session of the account (see {@link AccountSessions}).
     *
     * @throws LastAdminException when it would leave no active administrator
     */
    @Transactional
    public void setStatus(long accountId, AccountStatus status) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (status != AccountStatus.ACTIVE) {
            refuseIfLastAdmin(account);
        }
        accounts.updateStatus(accountId, status);
        sessions.endAll(account.username());
        if (status != AccountStatus.ACTIVE) {
            // a disabled account's applications lose their refresh tokens too, not only its browser sessions
            sessions.endSingleSignOns(account.username());
        }
    }

    /**
     * Changes the role and ends every open session of the account: the role is kept in the session.
     *
     * @throws LastAdminException when it would leave no active administrator
     */
    @Transactional
    public void setRole(long accountId, Role role) {
        Account account = accounts.findById(accountId).orElseThrow();
        if (role != Role.ADMIN) {
            refuseIfLastAdmin(account);
        }
        accounts.updateRole(accountId, role);
        sessions.endAll(account.username());
    }

    private void refuseIfLastAdmin(Account account) {
        if (account.role() == Role.ADMIN && account.isActive() && accounts.lockActiveAdmins() <= 1) {
            throw new LastAdminException();
        }
    }
}
