package org.certportal.mail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The links of a queued email carry no origin: the queue holds {@code {base-url}/setup/...} and the
 * dispatcher puts in the {@code certportal.base-url} of the portal that sends it. A link built when
 * the email is queued took the origin of whatever process queued it: a {@code user add} run without
 * {@code --certportal.base-url} queued {@code http://localhost:8080/setup/...} while the portal ran
 * elsewhere. A link is a model value whose name ends in {@code Url}; rows queued before this change
 * hold absolute links and are sent as they are.
 */
final class MailLinks {

    static final String BASE_URL = "{base-url}";

    private MailLinks() {
    }

    /** A link to a page of the portal, to be completed with the origin when the email is built. */
    static String deferred(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a portal link is a path starting with /: " + path);
        }
        return BASE_URL + path;
    }

    /** The model with every deferred link completed with {@code origin} (no trailing slash). */
    static Map<String, String> resolve(Map<String, String> model, String origin) {
        Map<String, String> resolved = new LinkedHashMap<>(model);
        resolved.replaceAll((name, value) -> name.endsWith("Url") && value != null && value.startsWith(BASE_URL)
                ? origin + value.substring(BASE_URL.length())
                : value);
        return resolved;
    }
}
