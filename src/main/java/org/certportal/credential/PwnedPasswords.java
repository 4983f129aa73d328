package org.certportal.credential;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional online check against the Pwned Passwords range API
 * (https://haveibeenpwned.com/API/v3#PwnedPasswords). Only the first 5 hex characters of the SHA-1
 * of the password (after NFC) leave the machine; the service answers with every suffix it knows
 * under that prefix, and the comparison happens here. {@code Add-Padding} asks the service to pad
 * the answer with fake suffixes (count 0), so its size does not hint at the prefix either.
 *
 * <p>Off by default ({@code certportal.password.pwned.enabled}). The whole exchange is bounded by
 * {@code certportal.password.pwned.timeout}: a slow or unreachable service answers
 * {@link Result#UNAVAILABLE}, and the caller decides with {@code fail-open}.
 */
public class PwnedPasswords {

    /** What the service said about one password. */
    public enum Result {
        /** The password appears in a breach. */
        FOUND,
        /** The service answered and does not know the password. */
        NOT_FOUND,
        /** No answer in time, an error status, or an answer that could not be read. */
        UNAVAILABLE,
        /** The check is switched off. */
        DISABLED
    }

    private static final Logger log = LoggerFactory.getLogger(PwnedPasswords.class);
    /** A range answer is about 30-40 KB padded; anything far larger is not the service. */
    private static final int MAX_ANSWER_CHARS = 2_000_000;

    private final PasswordProperties.Pwned settings;
    private final HttpClient client;

    public PwnedPasswords(PasswordProperties.Pwned settings) {
        this.settings = settings;
        this.client = settings.enabled()
                ? HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build()
                : null;
    }

    public static PwnedPasswords disabled() {
        return new PwnedPasswords(PasswordProperties.Pwned.disabled());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public boolean failOpen() {
        return settings.failOpen();
    }

    public Result lookup(CharSequence password) {
        if (!settings.enabled()) {
            return Result.DISABLED;
        }
        String sha1 = sha1Hex(PasswordHasher.normalize(password));
        String prefix = sha1.substring(0, 5);
        String suffix = sha1.substring(5);
        HttpRequest request = HttpRequest.newBuilder(rangeUri(prefix))
                .timeout(settings.timeout())
                .header("Add-Padding", "true")
                .header("User-Agent", "certportal-password-policy")
                .GET()
                .build();
        // The request timeout covers the wait for the headers only; bound the whole exchange, body included,
        // and cancel it (which closes the exchange) when the time is up.
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        try {
            return read(sent.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS), suffix);
        } catch (TimeoutException e) {
            sent.cancel(true);
            log.warn("Pwned Passwords did not answer within {}", settings.timeout());
            return Result.UNAVAILABLE;
        } catch (ExecutionException e) {
            log.warn("Pwned Passwords could not be reached: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
            return Result.UNAVAILABLE;
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            return Result.UNAVAILABLE;
        }
    }

    private URI rangeUri(String prefix) {
        String base = settings.url().toString();
        return URI.create(base.endsWith("/") ? base + prefix : base + "/" + prefix);
    }

    private static Result read(HttpResponse<String> response, String suffix) {
        if (response.statusCode() != 200) {
            log.warn("Pwned Passwords answered HTTP {}", response.statusCode());
            return Result.UNAVAILABLE;
        }
        String body = response.body();
        if (body == null || body.length() > MAX_ANSWER_CHARS) {
            return Result.UNAVAILABLE;
        }
        for (String line : body.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon == suffix.length() && line.regionMatches(true, 0, suffix, 0, colon) && count(line.substring(colon + 1)) > 0) {
                return Result.FOUND;
            }
        }
        return Result.NOT_FOUND;
    }

    /** Padding lines carry a count of 0. */
    private static long count(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String sha1Hex(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
