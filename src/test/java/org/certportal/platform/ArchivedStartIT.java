package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certportal.testing.FreePorts.freePort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar that {@code mvn package} built, started the way the README says ({@code java -jar
 * target/certportal.jar}, no flag), becomes in place the JVM that uses the build's class data archive:
 * same process, same arguments, standard input and exit codes, and it stops gracefully on SIGTERM. Runs the
 * real jar, so once (on H2): the database makes no difference to it.
 */
@EnabledIfSystemProperty(named = "certportal.test.db", matches = "h2")
class ArchivedStartIT {

    private static final Path JAR = Path.of("target", "certportal.jar").toAbsolutePath();
    private static final Path ARCHIVE_DIRECTORY = Path.of("target", "certportal-cds").toAbsolutePath();

    @TempDir
    Path dataDir;

    @Test
    void thePlainJarStartsFromTheArchiveInTheSameProcessAndCommandsKeepStdinAndExitCodes() throws Exception {
        boolean built = Files.isRegularFile(ARCHIVE_DIRECTORY.resolve("cds.properties"));
        if (!built && System.getenv("CI") != null) {
            throw new AssertionError("mvn package made no " + ARCHIVE_DIRECTORY + "; see target/class-data-archive.log");
        }
        assumeTrue(built, "no class data archive was built (-Dcds.skip): nothing to test");

        int port = freePort();
        Path log = dataDir.resolve("portal.log");
        Process portal = new ProcessBuilder(java(), "-jar", JAR.toString(), "--server.port=" + port, "--certportal.data-dir=" + dataDir.resolve("data"),
                "--certportal.mail.embedded-smtp-port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLogin(port, portal, log);

            String cmdline = Files.readString(Path.of("/proc", String.valueOf(portal.pid()), "cmdline")).replace('\0', ' ');
            assertThat(cmdline).as("the process started by java -jar, after it replaced itself")
                    .contains("-XX:SharedArchiveFile=" + ARCHIVE_DIRECTORY.resolve("certportal.jsa"))
                    .contains("-jar " + ARCHIVE_DIRECTORY.resolve("certportal.jar") + " --server.port=" + port);
            assertThat(Files.readString(log)).contains("Started from the class data archive made by the build beside " + JAR);
            // The first key is made a few seconds after the start, or by the first request that needs it.
            HttpResponse<String> jwks = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/jwks")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).contains("\"kty\":\"RSA\"");

            Command added = command(List.of("user", "add", "--username=ada", "--email=ada@example.com", "--password-stdin"),
                    "a long passphrase of my own choosing\n");
            assertThat(added.exit()).as(added.output()).isZero();
            assertThat(added.output()).contains("Created USER account 'ada'.");
            Command again = command(List.of("user", "add", "--username=ada", "--email=other@example.com", "--password-stdin"),
                    "a long passphrase of my own choosing\n");
            assertThat(again.exit()).as(again.output()).isEqualTo(2);
            Command unknown = command(List.of("frobnicate"), "");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.output()).contains("unknown command 'frobnicate'");
        } finally {
            portal.destroy();
            assertThat(portal.waitFor(60, TimeUnit.SECONDS)).as("the portal stops on SIGTERM").isTrue();
        }
        assertThat(portal.exitValue()).as("the JVM's exit on SIGTERM").isEqualTo(143);
        assertThat(Files.readString(log)).contains("Graceful shutdown complete");
    }

    private record Command(int exit, String output) {
    }

    private Command command(List<String> words, String stdin) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(words);
        command.add("--certportal.data-dir=" + dataDir.resolve("data"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Command(process.exitValue(), output);
    }

    private static void awaitLogin(int port, Process portal, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!portal.isAlive()) {
                throw new AssertionError("the portal exited with " + portal.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no /login within 180 s:\n" + Files.readString(log));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
