package org.certportal.platform;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The training start of {@code scripts/class-data-archive.sh} ({@code -Dcertportal.archive-training=true},
 * never set otherwise): once the portal has started, it does what its first visitors do (the sign-in page, a
 * wrong password, the recovery and support pages), so that the class data archive also holds the classes of
 * the web server's start and of the first requests, then it exits and the JVM writes the archive. Before, the
 * training stopped at the refreshed context, and the first {@code /login} after a start still loaded about a
 * second's worth of classes.
 */
@Component
class ArchiveTraining {

    static final String PROPERTY = "certportal.archive-training";

    private static final Logger log = LoggerFactory.getLogger(ArchiveTraining.class);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    @EventListener(ApplicationReadyEvent.class)
    void train(ApplicationReadyEvent event) {
        if (!Boolean.getBoolean(PROPERTY) || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int exit = 0;
        try {
            visit(URI.create("http://localhost:" + web.getWebServer().getPort()));
            log.info("Archive training: the first requests answered as expected");
        } catch (Exception | AssertionError e) {
            log.error("Archive training failed", e);
            exit = 1;
        }
        int status = exit;
        System.exit(SpringApplication.exit(event.getApplicationContext(), () -> status));
    }

    private static void visit(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        String login = expect(http, HttpRequest.newBuilder(base.resolve("/login")).build(), 200);
        expect(http, form(base.resolve("/login"), "username=archive-training&password=not-the-password&_csrf=" + csrf(login)), 302);
        expect(http, HttpRequest.newBuilder(base.resolve("/login?error")).build(), 200);
        String forgot = expect(http, HttpRequest.newBuilder(base.resolve("/forgot-password")).build(), 200);
        expect(http, form(base.resolve("/forgot-password"), "username=archive-training&email=nobody%40example.com&_csrf=" + csrf(forgot)), 200, 302, 303);
        expect(http, HttpRequest.newBuilder(base.resolve("/support")).build(), 200);
    }

    private static HttpRequest form(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String expect(HttpClient http, HttpRequest request, int... statuses) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new AssertionError(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode());
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the page");
        }
        return URLEncoder.encode(m.group(1) != null ? m.group(1) : m.group(2), StandardCharsets.UTF_8);
    }
}
