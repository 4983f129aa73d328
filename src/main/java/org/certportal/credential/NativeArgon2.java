package org.certportal.credential;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference C implementation of Argon2 (libargon2, Debian's {@code libargon2-1}), called through JNA.
 *
 * <p>Why: BouncyCastle's Argon2 is Java, so it hashes slowly until HotSpot's C2 has compiled it, which
 * under sign-in load takes minutes (bench/RESULTS.md). The C library is at full speed from the first
 * hash. The library is only the hash function: salts, the PHC string and the comparison stay in
 * {@link NativeArgon2PasswordEncoder}, so the strings are exactly those BouncyCastle writes and reads.
 */
final class NativeArgon2 {

    /** Argon2's variants, numbered as in argon2.h. */
    enum Type {
        D(0), I(1), ID(2);

        final int code;

        Type(int code) {
            this.code = code;
        }
    }

    static final int VERSION_13 = 0x13;

    /** Debian ships only the versioned name; the unversioned one comes with libargon2-dev or other systems. */
    // The versioned name first: dlopen finds it at once, where a bare "argon2" makes JNA look for libargon2.so
    // (a development link, rarely installed) and then run `ldconfig -p` in a child process, at every start.
    private static final List<String> NAMES = List.of("libargon2.so.1", "argon2");

    /** A JVM system property naming the library (a name or a path, comma-separated candidates) when it is elsewhere. */
    static final String LIBRARY_PROPERTY = "certportal.argon2.library";

    interface Lib extends Library {
        int argon2_hash(int tCost, int mCost, int parallelism, byte[] pwd, SizeT pwdlen, byte[] salt, SizeT saltlen,
                byte[] hash, SizeT hashlen, Pointer encoded, SizeT encodedlen, int type, int version);

        int argon2_ctx(Context context, int type);

        String argon2_error_message(int code);
    }

    /** C's size_t, as wide as the platform's. */
    public static final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(Native.SIZE_T_SIZE, value, true);
        }
    }

    /** argon2.h's argon2_context: the only way to pass a secret and associated data (RFC 9106's test vector uses both). */
    @Structure.FieldOrder({"out", "outlen", "pwd", "pwdlen", "salt", "saltlen", "secret", "secretlen", "ad", "adlen",
            "t_cost", "m_cost", "lanes", "threads", "version", "allocate_cbk", "free_cbk", "flags"})
    public static class Context extends Structure {
        public Pointer out;
        public int outlen;
        public Pointer pwd;
        public int pwdlen;
        public Pointer salt;
        public int saltlen;
        public Pointer secret;
        public int secretlen;
        public Pointer ad;
        public int adlen;
        public int t_cost;
        public int m_cost;
        public int lanes;
        public int threads;
        public int version;
        public Pointer allocate_cbk;
        public Pointer free_cbk;
        public int flags;
    }

    private final Lib lib;
    private final String name;

    private NativeArgon2(Lib lib, String name) {
        this.lib = lib;
        this.name = name;
    }

    /** The library if one loads and computes a known hash correctly; empty (with why) otherwise. */
    static Optional<NativeArgon2> load(List<String> problems) {
        String named = System.getProperty(LIBRARY_PROPERTY, "").trim();
        return load(problems, named.isEmpty() ? NAMES : List.of(named.split(",")));
    }

    static Optional<NativeArgon2> load(List<String> problems, List<String> names) {
        for (String candidate : names) {
            try {
                NativeArgon2 argon2 = new NativeArgon2(Native.load(candidate, Lib.class), candidate);
                if (argon2.selfTestPasses()) {
                    return Optional.of(argon2);
                }
                problems.add(candidate + ": wrong answer to the self-test");
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalStateException e) {
                // JNA's message lists every path it tried (the whole class path): its first line says enough
                problems.add(candidate + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        return Optional.empty();
    }

    static Optional<NativeArgon2> load() {
        return load(new ArrayList<>());
    }

    String libraryName() {
        return name;
    }

    /** The raw tag of {@code password} at the given cost. */
    byte[] hash(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] password, byte[] salt, int length) {
        byte[] out = new byte[length];
        int rc = lib.argon2_hash(iterations, memoryKib, parallelism, password, new SizeT(password.length), salt,
                new SizeT(salt.length), out, new SizeT(length), null, new SizeT(0), type.code, version);
        if (rc != 0) {
            // the library's message names the parameter (e.g. "Salt is too short"), never the password
            throw new IllegalArgumentException("libargon2: " + lib.argon2_error_message(rc));
        }
        return out;
    }

    /** The full context call, with a secret and associated data; lanes = threads = parallelism. */
    byte[] hash(Type type, int memoryKib, int iterations, int parallelism, byte[] password, byte[] salt, byte[] secret,
            byte[] associated, int length) {
        try (Memory out = new Memory(length); Memory pwd = copy(password); Memory s = copy(salt); Memory k = copy(secret);
                Memory x = copy(associated)) {
            Context c = new Context();
            c.out = out;
            c.outlen = length;
            c.pwd = pwd;
            c.pwdlen = password.length;
            c.salt = s;
            c.saltlen = salt.length;
            c.secret = k;
            c.secretlen = secret.length;
            c.ad = x;
            c.adlen = associated.length;
            c.t_cost = iterations;
            c.m_cost = memoryKib;
            c.lanes = parallelism;
            c.threads = parallelism;
            c.version = VERSION_13;
            int rc = lib.argon2_ctx(c, type.code);
            if (rc != 0) {
                throw new IllegalArgumentException("libargon2: " + lib.argon2_error_message(rc));
            }
            return out.getByteArray(0, length);
        }
    }

    private static Memory copy(byte[] bytes) {
        Memory m = new Memory(Math.max(1, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    /** A known answer at a tiny cost, so that a library that loads but computes something else is never used. */
    private boolean selfTestPasses() {
        byte[] tag = hash(Type.ID, VERSION_13, 256, 2, 1, "password".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "somesalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
        return java.util.HexFormat.of().formatHex(tag).equals(SELF_TEST_TAG);
    }

    /** argon2id, v=19, m=256, t=2, p=1, "password", "somesalt", 32 bytes: computed by BouncyCastle (NativeArgon2Test checks it). */
    static final String SELF_TEST_TAG = "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe";
}
