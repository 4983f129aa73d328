package org.certportal.credential;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords. New hashes are Argon2id at the configured cost, stored as
 * {@code {argon2id}$argon2id$v=19$m=..,t=..,p=..$salt$hash}; bcrypt, older Argon2 and PBKDF2 hashes
 * are still checked and reported as needing an upgrade.
 *
 * <p>At most {@link PasswordProperties#effectiveConcurrency()} hashes run at once: Argon2id is
 * memory-hard, and more concurrent hashes than cores only makes every sign-in slower. The others
 * wait, those of a {@link Priority#SESSION session} before those of a {@link Priority#SIGN_IN new
 * sign-in}; a new sign-in that would wait longer than {@code certportal.password.max-queue-wait} is
 * refused at once ({@link #admitNewSignIn()}, see {@link HashBacklog}).
 */
@Component
public class PasswordHasher implements AutoCloseable {

    static final String DEFAULT_ID = "argon2id";
    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    /**
     * Who waits for a hash. Work of someone who already holds a session (a password change, which
     * checks the current password and the history and hashes the new one; a recovery's new password;
     * an administrator's command) goes before new sign-ins: it is a handful of people against a
     * crowd, it was admitted earlier and has already spent hashes, and a new sign-in can be shed
     * with "try again in a minute" whereas a password change that times out half way makes the
     * person start over and spend its hashes again (the issue 17 soak: recoveries timed out behind
     * the sign-in queue). New sign-ins keep their arrival order among themselves.
     */
    public enum Priority {
        SESSION, SIGN_IN
    }

    private final DelegatingPasswordEncoder encoder;
    private final ThreadPoolExecutor hashing;
    private final HashBacklog backlog;
    private final AtomicLong sequence = new AtomicLong();
    /** The queue place an admitted sign-in on this thread holds for its hash. */
    private final ThreadLocal<Long> admitted = new ThreadLocal<>();
    private final Counter shed;
    private final int maxLength;
    private final Timer queued;
    private final Timer computing;
    private final Timer computingCpu;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile String dummyHash;
    private String implementation;

    public PasswordHasher(PasswordProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    @Autowired
    public PasswordHasher(PasswordProperties properties, MeterRegistry meters) {
        PasswordProperties.Argon2 a = properties.argon2();
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put(DEFAULT_ID, argon2(a));
        encoders.put("bcrypt", new BCryptPasswordEncoder());
        encoders.put("pbkdf2-legacy", new LegacyPbkdf2Encoder());
        this.encoder = new DelegatingPasswordEncoder(DEFAULT_ID, encoders);
        // Hashes run on their own threads, as many as hashes may run at once, in arrival order. A
        // request thread only waits: the hashing threads keep their cores' caches for Argon2's memory
        // instead of sharing them with page rendering and SQL between hashes.
        AtomicInteger n = new AtomicInteger();
        int slots = properties.effectiveConcurrency();
        this.hashing = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "password-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // real elapsed time, not the application's clock (which tests stop and move)
        this.backlog = new HashBacklog(properties.maxQueueWait(), slots, java.time.Clock.systemUTC());
        // the alert rules and the dashboard in ops/ read these two
        this.shed = Counter.builder("certportal.password.hash.shed")
                .description("new sign-ins refused at once with 'busy' because the hash queue was longer than max-queue-wait").register(meters);
        Gauge.builder("certportal.password.hash.waiting", backlog, HashBacklog::waiting).description("hashes waiting for a free slot")
                .register(meters);
        this.maxLength = properties.maxLength();
        // What an operator needs to size the cost and max-concurrent-hashes: how long a hash takes
        // here, and how long sign-ins wait for a free slot. One series for real and dummy checks alike.
        this.queued = Timer.builder("certportal.password.hash.queue").description("time waiting for a free hashing slot").register(meters);
        this.computing = Timer.builder("certportal.password.hash").description("time computing a password hash").register(meters);
        // CPU time of the same hashes: far below the wall time above means the hashes share their
        // cores with other work (too many hashing slots for the machine, or other load).
        this.computingCpu = Timer.builder("certportal.password.hash.cpu").description("CPU time of the thread computing a password hash")
                .register(meters);
    }

    /**
     * libargon2 when it loads (full speed from the first hash), else BouncyCastle (slow until the JIT has
     * compiled it, see {@link Argon2Inlining}). One line in the log says which, with the cost.
     */
    private PasswordEncoder argon2(PasswordProperties.Argon2 a) {
        List<String> problems = new ArrayList<>();
        Optional<NativeArgon2> lib = a.implementation() == PasswordProperties.Implementation.JAVA ? Optional.empty()
                : NativeArgon2.load(problems);
        if (lib.isPresent()) {
            log.info("Password hashing: Argon2id m={},t={},p={} by the native libargon2 ({})", a.memoryKib(), a.iterations(),
                    a.parallelism(), lib.get().libraryName());
            this.implementation = "native";
            return new NativeArgon2PasswordEncoder(lib.get(), a.parallelism(), a.memoryKib(), a.iterations());
        }
        if (a.implementation() == PasswordProperties.Implementation.NATIVE) {
            throw new IllegalStateException("certportal.password.argon2.implementation=native, but libargon2 did not load "
                    + problems + "; install it (Debian: apt-get install libargon2-1) or set the property to auto or java");
        }
        Argon2Inlining.install();
        log.info("Password hashing: Argon2id m={},t={},p={} by BouncyCastle (Java){}", a.memoryKib(), a.iterations(), a.parallelism(),
                a.implementation() == PasswordProperties.Implementation.JAVA ? ", as configured"
                        : "; libargon2 did not load " + problems);
        this.implementation = "java";
        return new Argon2PasswordEncoder(16, 32, a.parallelism(), a.memoryKib(), a.iterations());
    }

    /** "native" or "java": who computes the Argon2 hashes. */
    public String implementation() {
        return implementation;
    }

    /** NFC, so that the same characters typed on two keyboards give the same password. */
    public static String normalize(CharSequence raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC);
    }

    /**
     * Admits a new sign-in, or refuses it at once, before any account lookup or hash, because its hash
     * would wait longer than {@code certportal.password.max-queue-wait}; refusals are counted in
     * {@code certportal.password.hash.shed}. The same answer whatever the username. An admitted
     * sign-in holds its place in the queue until its hash (on this thread, at {@link Priority#SIGN_IN})
     * starts or the admission is closed, so close it in every case.
     */
    public Admission admitNewSignIn() {
        long ticket = backlog.admit();
        if (ticket < 0) {
            shed.increment();
            return new Admission(-1);
        }
        admitted.set(ticket);
        return new Admission(ticket);
    }

    /** A new sign-in's place in the hash queue, from {@link #admitNewSignIn()}. */
    public final class Admission implements AutoCloseable {
        private final long ticket;

        private Admission(long ticket) {
            this.ticket = ticket;
        }

        public boolean refused() {
            return ticket < 0;
        }

        /** Gives the place up if no hash took it (a locked account is refused without one). */
        @Override
        public void close() {
            if (ticket >= 0) {
                if (Long.valueOf(ticket).equals(admitted.get())) {
                    admitted.remove();
                }
                backlog.started(ticket);
            }
        }
    }

    public String hash(CharSequence raw) {
        String password = normalize(raw);
        return gated(Priority.SESSION, () -> encoder.encode(password));
    }

    public boolean matches(CharSequence raw, String stored) {
        return matches(raw, stored, Priority.SESSION);
    }

    public boolean matches(CharSequence raw, String stored, Priority priority) {
        if (stored == null || stored.isEmpty() || tooLong(raw)) {
            dummyCheck(raw, priority);
            return false;
        }
        String password = normalize(raw);
        try {
            return gated(priority, () -> encoder.matches(password, stored));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The same work as checking a real password, for usernames that do not exist. */
    public void dummyCheck(CharSequence raw) {
        dummyCheck(raw, Priority.SESSION);
    }

    public void dummyCheck(CharSequence raw, Priority priority) {
        String password = tooLong(raw) ? "" : normalize(raw);
        String hash = dummyHash;
        if (hash == null) {
            hash = encoder.encode("certportal-dummy-" + System.nanoTime());
            dummyHash = hash;
        }
        String h = hash;
        gated(priority, () -> encoder.matches(password, h));
    }

    public boolean needsUpgrade(String stored) {
        try {
            return stored != null && encoder.upgradeEncoding(stored);
        } catch (RuntimeException e) {
            return true;
        }
    }

    public boolean tooLong(CharSequence raw) {
        return raw.length() > maxLength * 2 || Character.codePointCount(raw, 0, raw.length()) > maxLength;
    }

    <T> T gated(Priority priority, java.util.function.Supplier<T> work) {
        long waitStart = System.nanoTime();
        Long reserved = priority == Priority.SIGN_IN ? admitted.get() : null;
        if (reserved != null) {
            admitted.remove();
        }
        long ticket = reserved != null ? reserved : backlog.arrived();
        Job<T> result = new Job<>(priority, sequence.incrementAndGet(), () -> {
            long start = System.nanoTime();
            backlog.started(ticket);
            long cpuStart = threads.getCurrentThreadCpuTime();
            queued.record(start - waitStart, TimeUnit.NANOSECONDS);
            try {
                return work.get();
            } finally {
                long took = System.nanoTime() - start;
                computing.record(took, TimeUnit.NANOSECONDS);
                backlog.finished(java.time.Duration.ofNanos(took));
                if (cpuStart >= 0) {
                    computingCpu.record(threads.getCurrentThreadCpuTime() - cpuStart, TimeUnit.NANOSECONDS);
                }
            }
        });
        try {
            hashing.execute(result);
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to check a password", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("the password hashing threads have stopped", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            // cancelled or refused before it ran: it waits no more
            backlog.started(ticket);
        }
    }

    /** A hash in the queue: sessions' work first, then by arrival. */
    private static final class Job<T> extends FutureTask<T> implements Comparable<Job<?>> {
        private final Priority priority;
        private final long sequence;

        Job(Priority priority, long sequence, java.util.concurrent.Callable<T> work) {
            super(work);
            this.priority = priority;
            this.sequence = sequence;
        }

        @Override
        public int compareTo(Job<?> other) {
            int byPriority = priority.compareTo(other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }

    /** Stops the hashing threads (Spring calls this when the context closes). */
    @Override
    public void close() {
        hashing.shutdownNow();
    }
}
