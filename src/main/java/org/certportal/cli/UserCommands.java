package org.certportal.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.certportal.account.Account;
import org.certportal.account.AccountService;
import org.certportal.account.AccountStatus;
import org.certportal.account.AccountValidation;
import org.certportal.account.DuplicateUsernameException;
import org.certportal.account.NewAccount;
import org.certportal.account.Role;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.credential.ImportLimits;
import org.certportal.credential.ImportedHash;
import org.certportal.credential.PasswordContext;
import org.certportal.credential.PasswordHasher;
import org.certportal.credential.PasswordPolicy;
import org.certportal.credential.PasswordProblem;
import org.certportal.credential.PasswordProperties;
import org.certportal.login.AccountLocks;
import org.certportal.recovery.RecoveryService;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The administration commands of the contract, run against the portal's own database. The password
 * policy is lazy: its blocklist and dictionaries take a second of CPU to load, and only a command
 * that sets a password needs them.
 */
@Component
class UserCommands {

    private static final AuditActor ACTOR = AuditActor.cli();

    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AccountLocks locks;
    private final RecoveryService recovery;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final PasswordProperties passwordProperties;
    /** The command line speaks English: the refusals' codes are put into words by messages.properties. */
    private final MessageSource messages;

    UserCommands(AccountService accounts, PasswordHasher hasher, @Lazy PasswordPolicy policy, AccountLocks locks, RecoveryService recovery, AuditLog audit,
            TransactionTemplate tx, PasswordProperties passwordProperties, MessageSource messages) {
        this.messages = messages;
        this.accounts = accounts;
        this.hasher = hasher;
        this.policy = policy;
        this.locks = locks;
        this.recovery = recovery;
        this.audit = audit;
        this.tx = tx;
        this.passwordProperties = passwordProperties;
    }

    String add(Map<String, String> options, String password, boolean mustChange) {
        String username = required(options, "username");
        String email = required(options, "email");
        String displayName = options.getOrDefault("display-name", options.get("name"));
        Role role = role(options.getOrDefault("role", "USER"));
        AccountValidation.usernameProblem(username).ifPresent(p -> fail(english(p)));
        AccountValidation.emailProblem(email).ifPresent(p -> fail(english(p)));
        if (accounts.findByUsername(username).isPresent()) {
            fail("the username '" + username + "' is already taken");
        }
        String hash = null;
        if (password != null) {
            List<PasswordProblem> problems = policy.check(password, new PasswordContext(username, email, displayName));
            if (!problems.isEmpty()) {
                fail("password refused: " + english(problems.get(0).key(), problems.get(0).args()));
            }
            hash = hasher.hash(password);
        }
        String storedHash = hash;
        Account created = tx.execute(status -> {
            Account a = create(new NewAccount(username, email, displayName, role, storedHash, mustChange, mustChange ? "required" : null));
            if (storedHash == null) {
                recovery.sendAccountSetup(a, ACTOR);
            } else {
                audit.record(SecurityEvent.of(AuditType.ACCOUNT_CREATED, AuditOutcome.SUCCESS).about(a.id(), a.username()).by(ACTOR)
                        .detail("created with a password, role " + role));
            }
            return a;
        });
        return storedHash == null
                ? "Created " + role + " account '" + created.username() + "'; an account-setup email with a one-time link was queued for " + created.email()
                        + " (the running portal delivers it)."
                : "Created " + role + " account '" + created.username() + "'" + (mustChange ? "; the password must be changed at the next sign-in." : ".");
    }

    /**
     * All or nothing: every row is checked first (shape, role, hash and its cost, a username taken
     * already or repeated in the file, case-insensitively as usernames are unique), then every
     * account is created in one transaction, so a bad file, or a clash with an account created
     * meanwhile, leaves no partial import behind.
     */
    String importCsv(String file) {
        Path path = Path.of(file);
        List<CSVRecord> records;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(reader)) {
            List<String> header = csv.getHeaderNames();
            for (String column : List.of("username", "email", "role", "password_hash")) {
                if (!header.contains(column)) {
                    fail(file + ": the header must be username,email,role,password_hash (missing '" + column + "')");
                }
            }
            records = csv.getRecords();
        } catch (NoSuchFileException e) {
            throw new CommandException("no such file: " + file);
        } catch (IOException | IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CommandException(file + ": not a valid CSV file (" + e.getMessage() + ")");
        }
        ImportLimits limits = ImportLimits.forCost(passwordProperties);
        List<String> problems = new ArrayList<>();
        Map<String, Long> firstLineOf = new HashMap<>();
        for (CSVRecord r : records) {
            long line = r.getRecordNumber() + 1;
            rowProblem(r, limits).ifPresent(p -> problems.add("line " + line + ": " + p));
            if (r.isConsistent() && AccountValidation.usernameProblem(r.get("username")).isEmpty()) {
                Long earlier = firstLineOf.putIfAbsent(Account.usernameKey(r.get("username")), line);
                if (earlier != null) {
                    problems.add("line " + line + ": the username '" + r.get("username") + "' repeats line " + earlier);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(file + " " + problems.get(0) + (problems.size() == 1 ? ""
                    : "; " + (problems.size() - 1) + " more bad row(s), at " + String.join(", ", problems.subList(1, problems.size()).stream()
                            .map(p -> p.substring(0, p.indexOf(':'))).limit(20).toList()) + (problems.size() > 21 ? ", ..." : ""))
                    + "; nothing was imported");
        }
        int[] withPassword = {0};
        tx.executeWithoutResult(status -> {
            for (CSVRecord r : records) {
                String hash = ImportedHash.toStored(r.get("password_hash")).orElse(null);
                Account a = create(new NewAccount(r.get("username"), r.get("email"), null, role(r.get("role").isBlank() ? "USER" : r.get("role")), hash, false, null));
                audit.record(SecurityEvent.of(AuditType.ACCOUNT_CREATED, AuditOutcome.SUCCESS).about(a.id(), a.username()).by(ACTOR)
                        .detail(hash == null ? "imported without a password" : "imported with a hash from another system"));
                if (hash != null) {
                    withPassword[0]++;
                }
            }
        });
        return "Imported " + records.size() + " accounts (" + withPassword[0]
                + " with a password hash; the others have no usable password until support starts a reset).";
    }

    private Optional<String> rowProblem(CSVRecord r, ImportLimits limits) {
        if (!r.isConsistent()) {
            return Optional.of("expected 4 fields, found " + r.size());
        }
        Optional<String> problem = AccountValidation.usernameProblem(r.get("username")).or(() -> AccountValidation.emailProblem(r.get("email")))
                .map(this::english);
        if (problem.isPresent()) {
            return problem;
        }
        String roleName = r.get("role").isBlank() ? "USER" : r.get("role").trim().toUpperCase(java.util.Locale.ROOT);
        if (java.util.Arrays.stream(Role.values()).noneMatch(role -> role.name().equals(roleName))) {
            return Optional.of("unknown role '" + printable(r.get("role")) + "' (USER, SUPPORT or ADMIN)");
        }
        problem = ImportedHash.problem(r.get("password_hash"), limits);
        if (problem.isPresent()) {
            return problem;
        }
        if (accounts.findByUsername(r.get("username")).isPresent()) {
            return Optional.of("the username '" + r.get("username") + "' is already taken");
        }
        return Optional.empty();
    }

    String unlock(String username) {
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            fail("no account with the username '" + username + "'");
        }
        Account a = account.get();
        boolean was = locks.unlock(a.id(), a.username(), ACTOR, null);
        return was ? "Unlocked '" + a.username() + "'." : "'" + a.username() + "' was not locked; its failure count is reset.";
    }

    /** Lifts a DISABLED status (as the console's "enable" does): so that an operator can always bring an administrator back. */
    String enable(String username) {
        Account a = existing(username);
        AccountStatus target = a.hasUsablePassword() ? AccountStatus.ACTIVE : AccountStatus.PENDING_SETUP;
        if (a.status() != AccountStatus.DISABLED) {
            return "'" + a.username() + "' was not disabled (" + a.status() + "); nothing changed.";
        }
        refusedAsBadInput(() -> tx.executeWithoutResult(status -> {
            accounts.setStatus(a.id(), target);
            audit.record(SecurityEvent.of(AuditType.ACCOUNT_ENABLED, AuditOutcome.SUCCESS).about(a.id(), a.username()).by(ACTOR)
                    .detail(a.status() + " -> " + target));
        }));
        return "Enabled '" + a.username() + "' (" + target + ").";
    }

    String setRole(String username, String roleName) {
        Role role = role(roleName);
        Account a = existing(username);
        if (a.role() == role) {
            return "'" + a.username() + "' already has the role " + role + "; nothing changed.";
        }
        refusedAsBadInput(() -> tx.executeWithoutResult(status -> {
            accounts.setRole(a.id(), role);
            audit.record(SecurityEvent.of(AuditType.ROLE_CHANGED, AuditOutcome.SUCCESS).about(a.id(), a.username()).by(ACTOR)
                    .detail(a.role() + " -> " + role));
        }));
        return "'" + a.username() + "' now has the role " + role + " (was " + a.role() + ").";
    }

    private Account existing(String username) {
        return accounts.findByUsername(username).orElseThrow(() -> new CommandException("no account with the username '" + username + "'"));
    }

    /** The account rules' refusals (the last active administrator, say) are the operator's bad input: exit 2 with their reason. */
    private static void refusedAsBadInput(Runnable change) {
        try {
            change.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private Account create(NewAccount account) {
        try {
            return accounts.create(account);
        } catch (DuplicateUsernameException e) {
            throw new CommandException(english(e.problem()));
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandException("unknown role '" + name + "' (USER, SUPPORT or ADMIN)");
        }
    }

    /** A value from the file as the one-line reason prints it: short, and no control character breaks the line. */
    private static String printable(String value) {
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            fail("--" + name + " is required");
        }
        return v.trim();
    }

    /** An account field's refusal as the command line has always written it: a clause ("a username is required"). */
    private String english(AccountValidation.Problem problem) {
        String sentence = english(problem.key(), problem.args());
        String clause = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        String firstWord = clause.split(" ", 2)[0];
        boolean acronym = firstWord.length() > 1 && firstWord.equals(firstWord.toUpperCase(Locale.ROOT));
        return clause.isEmpty() || acronym ? clause : Character.toLowerCase(clause.charAt(0)) + clause.substring(1);
    }

    private String english(String key, Object[] args) {
        return messages.getMessage(key, args, Locale.ENGLISH);
    }

    private static void fail(String message) {
        throw new CommandException(message);
    }
}
