package org.certportal.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser: its own cookie jar, over the JDK's blocking HttpURLConnection with keep-alive (a pool
 * of idle connections shared by all browsers). Redirects are not followed automatically: the flows
 * check each hop themselves, as the acceptance tests do.
 *
 * <p>Why not java.net.http.HttpClient: on the 2 cores that the server also runs on, it cost 1.56 ms
 * of CPU per request against 0.39 ms for HttpURLConnection (GET /login, 8 threads, 15 s), and the
 * load generator's CPU is taken from the server it measures. Requests run on the calling thread;
 * the futures are there so that flows read as the steps of a browser.
 */
final class Browser {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static {
        // HttpURLConnection keeps only 5 idle connections per host by default; 8+ concurrent
        // browsers would then open a new TCP connection for most requests.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
    }

    /** A response as the flows need it; header names are compared without case. */
    record Response(int statusCode, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return all(name).stream().findFirst();
        }

        List<String> all(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }
    }

    /** For Keycloak's admin API (realm and user set-up), not for the browsers or the metrics scrape. */
    static java.net.http.HttpClient newClient() {
        return java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    private final URI base;
    private final String accept;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(URI base) {
        this(base, "text/html");
    }

    /** A client that asks for another media type than pages, such as the Prometheus text format. */
    Browser(URI base, String accept) {
        this.base = base;
        this.accept = accept;
    }

    CompletableFuture<Response> get(String pathOrUrl) {
        return send("GET", pathOrUrl, null);
    }

    CompletableFuture<Response> postForm(String pathOrUrl, Map<String, String> fields) {
        return send("POST", pathOrUrl, form(fields));
    }

    private CompletableFuture<Response> send(String method, String pathOrUrl, String formBody) {
        try {
            return CompletableFuture.completedFuture(exchange(method, pathOrUrl, formBody));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Response exchange(String method, String pathOrUrl, String formBody) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve(pathOrUrl).toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(5_000);
        c.setReadTimeout((int) TIMEOUT.toMillis());
        c.setRequestMethod(method);
        String cookie = cookieHeader();
        if (!cookie.isEmpty()) {
            c.setRequestProperty("Cookie", cookie);
        }
        c.setRequestProperty("Accept", accept);
        c.setRequestProperty("Accept-Language", "en");
        if (formBody != null) {
            byte[] bytes = formBody.getBytes(StandardCharsets.UTF_8);
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(bytes.length);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = c.getResponseCode();
        // The body is read to the end, also for errors, so that the connection goes back to the pool.
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = "";
        if (in != null) {
            try (in) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Response r = new Response(status, c.getHeaderFields(), body);
        keep(r.all("set-cookie"));
        return r;
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
