package org.certportal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The load program of issue 7. One jar, several subcommands, each driven by {@code bench/run}:
 * <pre>
 *   users      generate N accounts with random passphrases and Argon2id hashes at the bench cost
 *   rawhash    the machine's raw Argon2id rate (BouncyCastle), 1 thread and all cores
 *   signin     the browser sign-in flow: warm-up, fixed concurrency, fixed arrival rates
 *   forgot     /forgot-password at fixed concurrency, a local SMTP sink, and the outbox drain time
 *   kc-setup   a Keycloak realm (brute-force protection on), a client and the same users, by its admin REST API
 *   report     PNG plots of throughput and latency over time, and the table of figures
 *   minutes    issue 17: sign-ins/s and server CPU per sign-in in every minute after start (bench/efficiency)
 *   soak       issue 17: an hour of mixed sign-in, recovery and console load (bench/soak)
 * </pre>
 * Every subcommand appends its figures as {@code key=value} lines to {@code --results=FILE}.
 * Traffic only ever goes to the base URL given, which bench/run sets to 127.0.0.1.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: java -jar certportal-bench.jar users|rawhash|signin|forgot|kc-setup|report --key=value ...");
            System.exit(2);
        }
        Args args = Args.parse(argv);
        switch (argv[0]) {
            case "users" -> Users.run(args);
            case "rawhash" -> RawHash.run(args);
            case "signin" -> SignInLoad.run(args);
            case "forgot" -> ForgotLoad.run(args);
            case "kc-setup" -> KeycloakSetup.run(args);
            case "report" -> Report.run(args);
            case "minutes" -> MinuteLoad.run(args);
            case "soak" -> Soak.run(args);
            default -> {
                System.err.println("unknown subcommand " + argv[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    /** {@code --key=value} arguments after the subcommand. */
    record Args(Map<String, String> values) {
        static Args parse(String[] argv) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 1; i < argv.length; i++) {
                String a = argv[i];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("expected --key=value, got " + a);
                }
                int eq = a.indexOf('=');
                if (eq < 0) {
                    m.put(a.substring(2), "true");
                } else {
                    m.put(a.substring(2, eq), a.substring(eq + 1));
                }
            }
            return new Args(m);
        }

        String get(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + key + "=...");
            }
            return v;
        }

        String get(String key, String dflt) {
            return values.getOrDefault(key, dflt);
        }

        int getInt(String key, int dflt) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : dflt;
        }

        double getDouble(String key, double dflt) {
            return values.containsKey(key) ? Double.parseDouble(values.get(key)) : dflt;
        }
    }

    /** Appends figures to the results file and echoes them. */
    static void record(Args args, Map<String, ?> figures) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : figures.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
            sb.append(e.getKey()).append('=').append(s).append('\n');
        }
        System.out.print(sb);
        String file = args.values().get("results");
        if (file != null) {
            Files.writeString(Path.of(file), sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    static void log(String fmt, Object... a) {
        System.err.printf(Locale.ROOT, "[bench] " + fmt + "%n", a);
    }
}
