package org.certportal.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certportal.platform.ArchivedStart;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar certportal.jar user add|import|unlock|enable|set-role ...}, {@code client add|list|remove},
 * {@code key rotate} and {@code audit export}:
 * starts the commands' own small context ({@link CommandLineContext}: no web server, no workers, no
 * mail server) against the same database as the portal, runs the command and exits: 0 on success, 2 with a one-line reason for bad input, 1 for
 * anything else.
 */
public final class CommandLineEntry {

    private CommandLineEntry() {
    }

    /**
     * A first argument that is not a {@code --name=value} property is a command, known or not: an
     * unknown one ({@code frobnicate}, a command of a later version) must answer "unknown command"
     * and exit 2, not start the whole server with the words as ignored arguments.
     */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("--");
    }

    /** Every command but the two that may run long over big inputs ({@code user import}, {@code audit export}). */
    public static boolean isShortLived(String[] args) {
        return isCommand(args) && !(args[0].equals("audit") || (args[0].equals("user") && args.length > 1 && args[1].equals("import")));
    }

    public static int run(String[] args) {
        // Started from the build's archive, a short-lived command already runs with C1 alone (a JVM flag):
        // the directive would only start the JMX server for nothing (about 150 classes).
        if (isShortLived(args) && ArchivedStart.startedFrom().isEmpty()) {
            ShortLivedJit.leaveOutTheOptimisingCompiler();
        }
        return run(args, System.out, System.err, () -> readFirstLine());
    }

    interface StdinLine {
        String read() throws Exception;
    }

    static int run(String[] args, PrintStream out, PrintStream err, StdinLine stdin) {
        ParsedCommand command;
        try {
            command = ParsedCommand.parse(args);
        } catch (CommandException e) {
            err.println("certportal: " + e.getMessage());
            err.println(ParsedCommand.USAGE);
            return 2;
        }
        if ("audit".equals(command.group())) {
            try {
                // A mistyped time is answered at once, in one line, without opening the database.
                AuditCommands.window(command.options());
            } catch (CommandException e) {
                err.println("certportal: " + e.getMessage());
                return 2;
            }
        }
        // Spring Boot warms Jackson, Bean Validation and the HTTP message converters up on a second
        // thread, for a web application: a command needs none of it (about 1,000 classes).
        System.setProperty("spring.backgroundpreinitializer.ignore", "true");
        SpringApplication app = new SpringApplication(CommandLineContext.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        // Only the beans the command asks for: 'user unlock' never reads the password blocklist.
        app.setLazyInitialization(true);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("logging.level.root", "warn");
        defaults.put("logging.level.certportal.audit", "warn");
        // One command, one connection: Hikari's default pool of 10 (the portal's 20) would open
        // connections in the background that the command never uses.
        defaults.put("spring.datasource.hikari.maximum-pool-size", "2");
        defaults.put("spring.datasource.hikari.minimum-idle", "1");
        app.setDefaultProperties(defaults);
        try (ConfigurableApplicationContext context = app.run(command.springArgs().toArray(String[]::new))) {
            if ("audit".equals(command.group())) {
                // Standard output carries the JSON lines and nothing else.
                context.getBean(AuditCommands.class).export(AuditCommands.window(command.options()), out);
                out.flush();
                return 0;
            }
            String message = switch (command.group()) {
                case "client" -> ClientCommands.run(context.getBean(ClientCommands.class), command,
                        () -> command.flags().contains("secret-stdin") ? stdin.read() : null);
                case "key" -> context.getBean(ClientCommands.class).rotateKey();
                default -> userCommand(context.getBean(UserCommands.class), command, stdin);
            };
            out.println(message);
            return 0;
        } catch (CommandException e) {
            err.println("certportal: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("certportal: " + (root.getMessage() == null ? root.toString() : root.getMessage()));
            return 1;
        }
    }

    private static String userCommand(UserCommands commands, ParsedCommand command, StdinLine stdin) throws Exception {
        return switch (command.action()) {
            case "add" -> commands.add(command.options(), command.flags().contains("password-stdin") ? stdin.read() : null,
                    command.flags().contains("must-change-password"));
            case "import" -> commands.importCsv(command.positional().get(0));
            case "unlock" -> commands.unlock(command.require("username"));
            case "enable" -> commands.enable(command.require("username"));
            case "set-role" -> commands.setRole(command.require("username"), command.require("role"));
            default -> throw new CommandException("unknown command 'user " + command.action() + "'");
        };
    }

    private static String readFirstLine() throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) {
            throw new CommandException("standard input is empty: pipe the password (--password-stdin) or client secret (--secret-stdin) in, e.g. printf '%s\\n' \"$PW\" | ...");
        }
        return line;
    }

    /** A command line split into the command, its own options and the Spring arguments. */
    record ParsedCommand(String group, String action, Map<String, String> options, List<String> flags, List<String> positional, List<String> springArgs,
            Map<String, List<String>> repeated) {

        /** Every value of an option that may be given more than once (--redirect-uri=A --redirect-uri=B). */
        List<String> all(String option) {
            return repeated.getOrDefault(option, List.of());
        }

        static final String USAGE = "usage: java -jar certportal.jar user add --username=U --email=E [--role=USER|SUPPORT|ADMIN] [--password-stdin] [--must-change-password]\n"
                + "       java -jar certportal.jar user import FILE.csv\n"
                + "       java -jar certportal.jar user unlock --username=U\n"
                + "       java -jar certportal.jar user enable --username=U\n"
                + "       java -jar certportal.jar user set-role --username=U --role=USER|SUPPORT|ADMIN\n"
                + "       java -jar certportal.jar client add --client-id=ID --redirect-uri=URI [--redirect-uri=URI ...] [--public] [--secret-stdin]\n"
                + "                                  [--name=NAME] [--post-logout-redirect-uri=URI ...] [--third-party] [--require-mfa]\n"
                + "       java -jar certportal.jar client list\n"
                + "       java -jar certportal.jar client remove --client-id=ID\n"
                + "       java -jar certportal.jar key rotate\n"
                + "       java -jar certportal.jar audit export --since=2026-12-01T00:00:00Z [--until=2026-12-02T00:00:00Z]\n"
                + "       (any of them may end with --certportal.*=... or --spring.*=... to select the database)";

        static ParsedCommand parse(String[] args) {
            if (args.length == 0 || !List.of("user", "audit", "client", "key").contains(args[0])) {
                throw new CommandException("unknown command '" + (args.length == 0 ? "" : printable(args[0])) + "'");
            }
            String group = args[0];
            if (args.length < 2) {
                throw new CommandException("missing command after '" + group + "'");
            }
            String action = args[1];
            Map<String, String> options = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            List<String> spring = new ArrayList<>();
            Map<String, List<String>> repeated = new LinkedHashMap<>();
            for (int i = 2; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--certportal.") || a.startsWith("--spring.") || a.startsWith("--server.") || a.startsWith("--logging.")
                        || a.startsWith("--management.")) {
                    spring.add(a);
                } else if (a.startsWith("--")) {
                    int eq = a.indexOf('=');
                    if (eq < 0) {
                        flags.add(a.substring(2));
                    } else {
                        options.put(a.substring(2, eq), a.substring(eq + 1));
                        repeated.computeIfAbsent(a.substring(2, eq), k -> new ArrayList<>()).add(a.substring(eq + 1));
                    }
                } else {
                    positional.add(a);
                }
            }
            if (group.equals("client") || group.equals("key")) {
                ClientCommands.check(group, action, options.keySet(), flags, positional);
                return new ParsedCommand(group, action, options, flags, positional, spring, repeated);
            }
            String name = group + " " + action;
            List<String> known = switch (name) {
                case "user add" -> List.of("username", "email", "role", "name", "display-name");
                case "user import", "user unlock", "user enable" -> List.of("username");
                case "user set-role" -> List.of("username", "role");
                case "audit export" -> List.of("since", "until");
                default -> throw new CommandException("unknown command '" + group + " " + printable(action) + "'");
            };
            for (String key : options.keySet()) {
                if (!known.contains(key)) {
                    throw new CommandException("unknown option --" + key + " for '" + name + "'");
                }
            }
            for (String flag : flags) {
                if (!("user add".equals(name) && (flag.equals("password-stdin") || flag.equals("must-change-password")))) {
                    throw new CommandException("unknown option --" + flag + " for '" + name + "'");
                }
            }
            if ("user import".equals(name) && positional.size() != 1) {
                throw new CommandException("'user import' takes one CSV file");
            }
            if (!"user import".equals(name) && !positional.isEmpty()) {
                throw new CommandException("unexpected argument '" + positional.get(0) + "'");
            }
            return new ParsedCommand(group, action, options, flags, positional, spring, repeated);
        }

        /** An argument as the one-line reason prints it: short, and no control character can break the line. */
        private static String printable(String arg) {
            String cut = arg.length() > 40 ? arg.substring(0, 40) + "..." : arg;
            return cut.replaceAll("\\p{Cntrl}", "?");
        }

        String require(String option) {
            String v = options.get(option);
            if (v == null || v.isBlank()) {
                throw new CommandException("--" + option + " is required");
            }
            return v;
        }
    }
}
