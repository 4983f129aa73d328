package org.certportal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.certportal.CertportalApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the README's "Logs for your tools" promises: one environment variable turns the console
 * into ECS JSON, one object a line, named after the service. The portal's own start is run in a
 * child JVM, as an operator runs it, because the format is chosen while Spring Boot sets logging up
 * and a test inside an already started JVM would only prove Boot's formatter, not our setup
 * (service name, levels, our own log lines). The child stops right after its context is refreshed
 * ({@code spring.context.exit=onRefresh}, as for the class data sharing archive): every start-up
 * line is written by then, and no port is opened for good.
 */
class StructuredLoggingTest {

    @TempDir
    Path dataDir;

    @Test
    void oneEnvironmentVariableTurnsEveryConsoleLineIntoEcsJsonNamedCertportal() throws Exception {
        String secretKey = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Path out = dataDir.resolve("stdout.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", applicationClassPath(),
                "-XX:TieredStopAtLevel=1",
                "-Dspring.context.exit=onRefresh",
                CertportalApplication.class.getName(),
                "--certportal.data-dir=" + dataDir,
                "--certportal.secret-key=" + secretKey,
                "--certportal.mail.embedded-smtp-port=0",
                "--server.port=0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(dataDir.resolve("stderr.log").toFile());
        builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the portal starts and exits within 180 s").isTrue();
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        String stderr = Files.readString(dataDir.resolve("stderr.log"));

        assertThat(lines).as("console lines; stderr: " + stderr).hasSizeGreaterThan(3);
        ObjectMapper json = new ObjectMapper();
        boolean ownLine = false;
        for (String line : lines) {
            JsonNode event;
            try {
                event = json.readTree(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not one JSON object a line: " + line, e);
            }
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(field(event, "@timestamp")).as("@timestamp of " + line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
            assertThat(field(event, "log.level")).as("log.level of " + line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(field(event, "message")).as("message of " + line).isNotBlank();
            assertThat(field(event, "service.name")).as("service.name of " + line).isEqualTo("certportal");
            assertThat(field(event, "log.logger")).as("log.logger of " + line).isNotBlank();
            String logger = field(event, "log.logger");
            ownLine |= logger.startsWith("org.certportal.") && !logger.equals(CertportalApplication.class.getName());
        }
        // Spring Boot's "Starting ..." lines carry the application class's name: one of our own
        // classes (the embedded SMTP server's notice) shows that the portal's loggers go the same way.
        assertThat(ownLine).as("the portal's own lines are JSON too, not only the framework's").isTrue();
        assertThat(String.join("\n", lines)).doesNotContain(secretKey);
    }

    /** ECS fields may be written flat ({@code "log.level"}) or nested ({@code "log":{"level"}}); Boot 3.5+ nests them. */
    private static String field(JsonNode event, String dotted) {
        if (event.has(dotted)) {
            return event.get(dotted).asString();
        }
        JsonNode node = event;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() ? "" : node.asString();
    }

    /**
     * The application's classpath without the test classes, which component scanning would pick up.
     * Surefire may put only its booter jar on java.class.path and keep the real one in its own property.
     */
    private static String applicationClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        cp = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
