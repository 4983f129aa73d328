package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.certportal.account.Account;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.stereotype.Service;

/**
 * A second-factor code checked under the same lockout as passwords: the code is checked only after
 * {@link SignInGuard#acquire} reserved a slot for the same subject a password would use (the device,
 * when its cookie holds for the account, else the account), and a wrong code is a failure of that
 * subject exactly as a wrong password is ({@link FailedSignIns}). So a burst of parallel wrong codes
 * gets at most {@code max-failures} checks, and wrong codes and wrong passwords add up to one count.
 */
@Service
public class CodeAttempts {

    public sealed interface Outcome permits Passed, Wrong, Locked {
    }

    public record Passed() implements Outcome {
    }

    public record Wrong() implements Outcome {
    }

    public record Locked(Instant until, boolean permanent) implements Outcome {
    }

    private final SignInGuard guard;
    private final DeviceCookies devices;
    private final FailedSignIns failures;
    private final AuditLog audit;
    private final ClientAddressResolver addresses;

    CodeAttempts(SignInGuard guard, DeviceCookies devices, FailedSignIns failures, AuditLog audit, ClientAddressResolver addresses) {
        this.guard = guard;
        this.devices = devices;
        this.failures = failures;
        this.audit = audit;
        this.addresses = addresses;
    }

    /**
     * Runs {@code check} (true: the code was right) under the account's guard. {@code auditType} names
     * the step in the audit log ("wrong code" lines carry no code).
     */
    public Outcome attempt(Account account, HttpServletRequest request, AuditType auditType, BooleanSupplier check) {
        return attempt(account, addresses.resolve(request), DeviceCookies.read(request), auditType, check);
    }

    /** The same, from a sign-in's details (a passkey as the second step, see {@link PasskeySignIn}). */
    Outcome attempt(Account account, String address, String deviceCookie, AuditType auditType, BooleanSupplier check) {
        String subject = devices.guardSubject(deviceCookie, account.id());
        SignInGuard.Acquired slot = guard.acquire(subject);
        if (slot instanceof SignInGuard.Locked locked) {
            audit.record(SecurityEvent.of(auditType, AuditOutcome.LOCKED).about(account.id(), account.username()).by(AuditActor.of(account.username())).from(address).detail("refused without a code check: locked"));
            return new Locked(locked.until(), locked.permanent());
        }
        boolean counted = false;
        try {
            boolean ok = check.getAsBoolean();
            counted = true;
            if (ok) {
                guard.success(subject);
                return new Passed();
            }
            SignInGuard.FailureOutcome outcome = failures.record(account, account.username(), subject, address, auditType, "wrong code");
            return outcome.locked() ? new Locked(outcome.lockedUntil(), outcome.permanent()) : new Wrong();
        } finally {
            if (!counted) {
                guard.release(subject);
            }
        }
    }
}
