package org.certportal.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser: its own cookie jar over a shared JDK HttpClient (so thousands of browsers do not
 * each cost a client and its threads). Redirects are not followed automatically: the flows check
 * each hop themselves, as the acceptance tests do.
 */
final class Browser {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private final HttpClient client;
    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(HttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    CompletableFuture<HttpResponse<String>> get(String pathOrUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathOrUrl)).timeout(TIMEOUT).GET();
        return send(b);
    }

    CompletableFuture<HttpResponse<String>> postForm(String pathOrUrl, Map<String, String> fields) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathOrUrl)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        return send(b);
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder b) {
        String cookie = cookieHeader();
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        b.header("Accept", "text/html");
        b.header("Accept-Language", "en");
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(r -> {
            keep(r.headers().allValues("set-cookie"));
            return r;
        });
    }

    private synchronized String cookieHeader() {
        StringJoiner j = new StringJoiner("; ");
        cookies.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    private synchronized void keep(List<String> setCookies) {
        for (String sc : setCookies) {
            String pair = sc.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            String lower = sc.toLowerCase();
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    static String form(Map<String, String> fields) {
        StringJoiner j = new StringJoiner("&");
        fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new FlowException("no _csrf field in the page");
        }
        return m.group(1);
    }

    static String unescapeHtml(String s) {
        return s.replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=").replace("&quot;", "\"");
    }

    /** A step of a flow that did not go as a browser would expect. */
    static final class FlowException extends RuntimeException {
        FlowException(String message) {
            super(message, null, false, false);
        }
    }
}
