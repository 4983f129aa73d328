package org.certportal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dispatch of the command line, without Spring: what is a command, and what an unknown one answers. */
class CommandLineEntryTest {

    record Result(int exit, String out, String err) {
    }

    /** The application class is Object: a command that got as far as starting Spring would fail with exit 1, not 2. */
    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLineEntry.run(Object.class, args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> "unused");
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anyFirstWordIsACommandButPropertiesStartTheServer() {
        assertThat(CommandLineEntry.isCommand(new String[] {"user", "add"})).isTrue();
        assertThat(CommandLineEntry.isCommand(new String[] {"frobnicate"})).isTrue();
        assertThat(CommandLineEntry.isCommand(new String[] {"client", "add", "--client-id=x"})).isTrue();
        assertThat(CommandLineEntry.isCommand(new String[] {})).isFalse();
        assertThat(CommandLineEntry.isCommand(new String[] {"--server.port=9090", "--certportal.base-url=https://p.example.com"})).isFalse();
    }

    @Test
    void anUnknownTopLevelCommandExitsWithTwoAndTheUsageInsteadOfStartingTheServer() {
        Result r = run("frobnicate", "--server.port=9090");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("certportal: unknown command 'frobnicate'").contains("usage:");
        assertThat(r.out()).isEmpty();

        Result later = run("certificate", "issue", "--cn=app.example.com");
        assertThat(later.exit()).isEqualTo(2);
        assertThat(later.err()).contains("unknown command 'certificate'");
    }

    @Test
    void clientAndKeyCommandsRefuseUnknownActionsAndOptionsBeforeStarting() {
        assertThat(run("client", "frobnicate").err()).contains("unknown command 'client frobnicate'");
        assertThat(run("client").exit()).isEqualTo(2);
        assertThat(run("client", "add", "--client-id=app", "--scope=admin").err()).contains("unknown option --scope for 'client add'");
        assertThat(run("client", "remove", "--client-id=app", "--public").err()).contains("unknown option --public for 'client remove'");
        assertThat(run("key", "delete").err()).contains("unknown command 'key delete'");
        assertThat(run("client", "list", "extra").err()).contains("unexpected argument 'extra'");
    }

    @Test
    void anUnknownUserCommandOrOptionExitsWithTwo() {
        assertThat(run("user", "frobnicate").err()).contains("unknown command 'user frobnicate'");
        assertThat(run("user").exit()).isEqualTo(2);
        assertThat(run("user", "enable", "--role=ADMIN").err()).contains("unknown option --role for 'user enable'");
        assertThat(run("user", "set-role", "--username=a", "--email=x@example.com").exit()).isEqualTo(2);
    }

    @Test
    void enableAndSetRoleParseTheirOptionsAndKeepTheSpringArguments() {
        var enable = CommandLineEntry.ParsedCommand.parse(new String[] {"user", "enable", "--username=admin", "--spring.datasource.url=jdbc:h2:mem:x"});
        assertThat(enable.action()).isEqualTo("enable");
        assertThat(enable.require("username")).isEqualTo("admin");
        assertThat(enable.springArgs()).containsExactly("--spring.datasource.url=jdbc:h2:mem:x");

        var setRole = CommandLineEntry.ParsedCommand.parse(new String[] {"user", "set-role", "--username=admin", "--role=ADMIN"});
        assertThat(setRole.require("role")).isEqualTo("ADMIN");
        var noRole = CommandLineEntry.ParsedCommand.parse(new String[] {"user", "set-role", "--username=admin"});
        assertThatThrownBy(() -> noRole.require("role")).isInstanceOf(CommandException.class).hasMessage("--role is required");
    }
}
