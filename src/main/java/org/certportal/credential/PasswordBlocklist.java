package org.certportal.credential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

/**
 * Passwords known to attackers: the list shipped in {@code credential/blocklist.txt.gz} (sources,
 * licences and counts in the {@code NOTICE.md} beside it; rebuilt by {@code scripts/build-blocklist.sh}),
 * never fetched at run time. A password matches when it equals an entry after NFC and lower-casing,
 * so "Password1" and "PASSWORD1" are refused alike.
 *
 * <p>The entries are kept as a sorted {@code long[]} of 64-bit hashes of their UTF-8 bytes: 8 bytes an
 * entry (about 3.3 MB for the 414,617 shipped entries) instead of 40-60 bytes for a {@code String}
 * in a {@code HashSet}. A password that is not on the list is refused by mistake only when its hash
 * equals one of the entries', with a chance of about n / 2^64 (2 x 10^-14): never, in practice.
 */
public final class PasswordBlocklist {

    public static final String RESOURCE = "/credential/blocklist.txt.gz";

    /** Sorted, distinct; completes when a background load ends. */
    private final CompletableFuture<long[]> table;
    /** Starts the background load, once; a no-op for a list that is already there. */
    private final Runnable start;

    private PasswordBlocklist(long[] sortedDistinct) {
        this.table = CompletableFuture.completedFuture(sortedDistinct);
        this.start = () -> {
        };
    }

    private PasswordBlocklist(CompletableFuture<long[]> loading, Runnable start) {
        this.table = loading;
        this.start = start;
    }

    /**
     * The shipped list, one instance per JVM. Reading it takes a few hundred milliseconds of CPU, so
     * it is read on a background thread that starts at {@link #preload()} (the portal calls it once it
     * serves requests, so that the read does not compete with the start for 2 cores) or at the first
     * lookup, whichever comes first; a lookup made before the read ends waits for it.
     */
    public static PasswordBlocklist standard() {
        return Standard.INSTANCE;
    }

    /** Starts reading the list in the background if that has not begun; returns at once. */
    public void preload() {
        start.run();
    }

    private static final class Standard {
        static final CompletableFuture<long[]> LOADING = new CompletableFuture<>();
        static final AtomicBoolean STARTED = new AtomicBoolean();
        static final PasswordBlocklist INSTANCE = new PasswordBlocklist(LOADING, () -> {
            if (STARTED.compareAndSet(false, true)) {
                startLoading(LOADING);
            }
        });

        private static void startLoading(CompletableFuture<long[]> loading) {
            Thread loader = new Thread(() -> {
                try {
                    loading.complete(load().table.join());
                } catch (Throwable e) {
                    loading.completeExceptionally(e);
                }
            }, "password-blocklist-loader");
            loader.setDaemon(true);
            loader.start();
        }

        private static PasswordBlocklist load() {
            try (InputStream in = PasswordBlocklist.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the password blocklist " + RESOURCE + " is missing from the class path");
                }
                return read(new GZIPInputStream(in, 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the password blocklist " + RESOURCE, e);
            }
        }
    }

    /** Reads a list, one entry a line, UTF-8; empty lines are skipped. */
    public static PasswordBlocklist read(InputStream in) throws IOException {
        long[] buffer = new long[1 << 16];
        int n = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                if (n == buffer.length) {
                    buffer = Arrays.copyOf(buffer, n * 2);
                }
                buffer[n++] = hash(normalize(line));
            }
        }
        return fromHashes(buffer, n);
    }

    /** A list of the given entries (tests, and operators' additions). */
    public static PasswordBlocklist of(String... entries) {
        long[] buffer = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            buffer[i] = hash(normalize(entries[i]));
        }
        return fromHashes(buffer, entries.length);
    }

    public static PasswordBlocklist empty() {
        return new PasswordBlocklist(new long[0]);
    }

    private static PasswordBlocklist fromHashes(long[] buffer, int n) {
        Arrays.sort(buffer, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || buffer[i] != buffer[distinct - 1]) {
                buffer[distinct++] = buffer[i];
            }
        }
        return new PasswordBlocklist(Arrays.copyOf(buffer, distinct));
    }

    /** Whether {@code password} is on the list, ignoring case, after NFC. */
    public boolean contains(CharSequence password) {
        if (password == null) {
            return false;
        }
        start.run();
        return Arrays.binarySearch(table.join(), hash(normalize(password))) >= 0;
    }

    /** Distinct entries on the list. */
    public int size() {
        start.run();
        return table.join().length;
    }

    /** Bytes of heap the list keeps (the array and its header). */
    public long retainedBytes() {
        start.run();
        return 16L + 8L * table.join().length;
    }

    static String normalize(CharSequence raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finaliser so that every bit depends on every byte. */
    static long hash(String normalized) {
        long h = 0xcbf29ce484222325L;
        for (byte b : normalized.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
