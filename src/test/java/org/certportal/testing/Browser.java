package org.certportal.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal HTTP "browser" for integration tests: keeps cookies, never follows redirects (tests
 * look at them), and fills the CSRF field from the last page it loaded, as a real form would.
 */
public class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public record Page(int status, java.net.http.HttpHeaders headers, String body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String location() {
            return headers.firstValue("Location").orElse("");
        }

        public Optional<String> csrf() {
            Matcher m = CSRF.matcher(body);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private String lastCsrf;
    private String forwardedFor;

    public Browser(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Browser forwardedFor(String address) {
        this.forwardedFor = address;
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Page head(String path) {
        return send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** POSTs a form, adding the CSRF token of the last page loaded. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (lastCsrf != null && !all.containsKey("_csrf")) {
            all.put("_csrf", lastCsrf);
        }
        return postRaw(path, encode(all));
    }

    public Page postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)));
    }

    /** POSTs JSON as a page's script does, with the CSRF token of the last page loaded in Spring Security's header. */
    public Page postJson(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json, StandardCharsets.UTF_8));
        if (lastCsrf != null) {
            request.header("X-CSRF-TOKEN", lastCsrf);
        }
        return send(request);
    }

    /** DELETE as a script would send it, with the CSRF header. */
    public Page delete(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        if (lastCsrf != null) {
            request.header("X-CSRF-TOKEN", lastCsrf);
        }
        return send(request);
    }

    public Page postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** GET the form page, then POST it: the common two steps of every form. */
    public Page submit(String formPath, String actionPath, Map<String, String> fields) {
        get(formPath);
        return post(actionPath, fields);
    }

    /** Signs in through /login; returns the POST's answer (a redirect). */
    public Page signIn(String username, String password) {
        return submit("/login", "/login", Map.of("username", username, "password", password));
    }

    public Page follow(Page redirect) {
        String location = redirect.location();
        return get(location.startsWith("http") ? URI.create(location).getRawPath() + (URI.create(location).getRawQuery() == null ? "" : "?" + URI.create(location).getRawQuery()) : location);
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    public void setCookie(String name, String value) {
        HttpCookie c = new HttpCookie(name, value);
        c.setPath("/");
        c.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), c);
    }

    public void clearCookie(String name) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                .forEach(c -> cookies.getCookieStore().remove(URI.create(base), c));
    }

    public static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Page send(HttpRequest.Builder request) {
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.headers(), response.body());
            page.csrf().ifPresent(t -> lastCsrf = t);
            return page;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
