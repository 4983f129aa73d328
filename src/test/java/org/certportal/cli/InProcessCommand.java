package org.certportal.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;

/** Runs an administration command in-process against the booted test portal's database, as an operator would. */
final class InProcessCommand {

    record Result(int exit, String out, String err) {
    }

    private InProcessCommand() {
    }

    /**
     * {@code stdin} is the first line of standard input (null: empty, refused with {@code emptyStdin} as the command
     * would); {@code extra} are further Spring arguments after the database's.
     */
    static Result run(Environment environment, List<String> extra, String emptyStdin, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--spring.datasource.url=" + environment.getProperty("spring.datasource.url"));
        all.add("--spring.datasource.username=" + environment.getProperty("spring.datasource.username"));
        all.add("--spring.datasource.password=");
        all.add("--certportal.data-dir=" + environment.getProperty("certportal.data-dir"));
        all.addAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLineEntry.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
                    if (stdin == null) {
                        throw new CommandException(emptyStdin);
                    }
                    return stdin;
                });
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
