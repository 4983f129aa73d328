package org.certportal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N bench accounts: {@code bench-00001 .. bench-N}, each with its own random passphrase of five
 * words and two digits (strong enough for the portal's zxcvbn check at sign-in, so a sign-in is
 * never diverted to the change-password page). Writes the CSV for {@code user import} (Argon2id
 * hashes at the bench cost, computed here on all cores) and a TSV of the clear passwords for the
 * load program.
 */
final class Users {

    private Users() {
    }

    static final String[] WORDS = {
        "anchor", "apricot", "aurora", "badger", "bamboo", "banjo", "basil", "beacon", "birch", "bison", "blossom", "bramble",
        "breeze", "bronze", "cactus", "canyon", "caramel", "cedar", "cello", "chestnut", "cinder", "citrus", "clover", "cobalt",
        "comet", "copper", "coral", "cosmos", "cricket", "crystal", "cypress", "dahlia", "delta", "dolphin", "dune", "ember",
        "falcon", "fennel", "fern", "fjord", "flint", "fossil", "galaxy", "garnet", "geyser", "ginger", "glacier", "granite",
        "harbor", "hazel", "heron", "hickory", "horizon", "indigo", "iris", "ivory", "jasper", "juniper", "kayak", "kelp",
        "kestrel", "lagoon", "lantern", "larch", "lemur", "lilac", "lotus", "lynx", "magnet", "mango", "maple", "marble",
        "meadow", "meteor", "mistral", "monsoon", "mosaic", "nectar", "nebula", "nutmeg", "oasis", "obsidian", "ocelot", "olive",
        "onyx", "orchid", "osprey", "otter", "paprika", "pebble", "pepper", "pelican", "pewter", "pine", "plum", "prairie",
        "quartz", "quill", "quince", "raven", "reef", "rhubarb", "ridge", "saffron", "sage", "salmon", "sapphire", "sequoia",
        "sierra", "sorrel", "spruce", "summit", "tamarind", "thistle", "thunder", "timber", "topaz", "tundra", "tulip", "umber",
        "valley", "velvet", "violet", "walnut", "willow", "wombat", "yarrow", "zephyr", "zinnia", "tortoise", "saddle", "ferret"
    };

    record User(String username, String email, String password) {
    }

    static String passphrase(SecureRandom r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append('-');
        }
        return sb.append(10 + r.nextInt(90)).toString();
    }

    static void run(Bench.Args args) throws Exception {
        int n = args.getInt("count", 200);
        Argon2 cost = Argon2.from(args);
        Path csv = Path.of(args.get("csv"));
        Path tsv = Path.of(args.get("passwords"));
        String prefix = args.get("prefix", "bench-");
        String role = args.get("role", "USER");
        SecureRandom random = new SecureRandom();
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = String.format("%s%05d", prefix, i);
            users.add(new User(name, name + "@bench.example.test", passphrase(random)));
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<String>> hashes = new ArrayList<>();
        for (User u : users) {
            hashes.add(pool.submit(() -> cost.encode(u.password(), new SecureRandom())));
        }
        StringBuilder c = new StringBuilder("username,email,role,password_hash\n");
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            c.append(u.username()).append(',').append(u.email()).append(',').append(role).append(",\"").append(hashes.get(i).get()).append("\"\n"); // RFC 4180: the hash holds commas
            t.append(u.username()).append('\t').append(u.email()).append('\t').append(u.password()).append('\n');
        }
        pool.shutdown();
        Files.writeString(csv, c, StandardCharsets.UTF_8);
        Files.writeString(tsv, t, StandardCharsets.UTF_8);
        Bench.log("%d users hashed at %s in %.1f s", n, cost.label(), (System.nanoTime() - t0) / 1e9);
        Bench.record(args, Map.of("users", n));
    }

    static List<User> read(Path tsv) throws Exception {
        List<User> users = new ArrayList<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String[] f = line.split("\t");
                users.add(new User(f[0], f[1], f[2]));
            }
        }
        return users;
    }
}
