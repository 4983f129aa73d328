package org.certportal.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client registration must satisfy. Redirect URIs follow RFC 9700 (OAuth 2.0 Security BCP)
 * 2.1 and RFC 8252 7.3: absolute, compared exactly by the authorization server, https, or plain http
 * only on a loopback host (a native or development client), and never with a fragment.
 */
final class ClientRules {

    /** Long enough that guessing a secret chosen by hand is out of reach: a generated one is 43 characters. */
    static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private ClientRules() {
    }

    static Optional<String> clientIdProblem(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return Optional.of("the client id must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    static Optional<String> redirectUriProblem(String uri) {
        return uriProblem(uri, "redirect URI", "a redirect URI is empty");
    }

    /**
     * The initiate-login URI (OpenID Connect Core 4) follows the redirect URIs' rules: the portal
     * sends browsers there, so it must not be a plain-http address on the network either.
     */
    static Optional<String> initiateLoginUriProblem(String uri) {
        return uriProblem(uri, "initiate-login URI", "an initiate-login URI is empty");
    }

    private static Optional<String> uriProblem(String uri, String what, String whenEmpty) {
        if (uri == null || uri.isBlank()) {
            return Optional.of(whenEmpty);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("the " + what + " '" + printable(uri) + "' is not a valid URI");
        }
        if (!parsed.isAbsolute() || parsed.getHost() == null) {
            return Optional.of("the " + what + " '" + printable(uri) + "' must be absolute (https://host/path)");
        }
        if (parsed.getRawFragment() != null) {
            return Optional.of("the " + what + " '" + printable(uri) + "' must not have a fragment (#...)");
        }
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("the " + what + " '" + printable(uri) + "' must not carry a user name or password");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && isLoopback(parsed.getHost())) {
            return Optional.empty();
        }
        return Optional.of("the " + what + " '" + printable(uri) + "' must use https (plain http only on localhost, 127.0.0.1 or [::1])");
    }

    static Optional<String> secretProblem(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.of("--secret-stdin: standard input is empty");
        }
        if (secret.codePointCount(0, secret.length()) < MIN_SECRET_LENGTH) {
            return Optional.of("the client secret must be at least " + MIN_SECRET_LENGTH + " characters; leave out --secret-stdin to have one generated");
        }
        if (secret.length() > 200 || secret.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the client secret must be at most 200 characters without control characters");
        }
        return Optional.empty();
    }

    static Optional<String> nameProblem(String name) {
        if (name != null && (name.length() > 200 || name.chars().anyMatch(Character::isISOControl))) {
            return Optional.of("the client name must be at most 200 characters without control characters");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
