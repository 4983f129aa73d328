package org.certportal.bench;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's /actuator/prometheus (served to loopback), read as text. It goes through the same
 * HTTP stack as the browsers: a second one (the JDK HttpClient) would be loaded and compiled by the
 * load generator's JIT in the middle of the measured window, on the cores the server uses.
 */
final class Prometheus {

    private Prometheus() {
    }

    static String scrape(URI base) throws IOException {
        try {
            Browser.Response r = new Browser(base, "text/plain").get("/actuator/prometheus").get();
            if (r.statusCode() != 200) {
                throw new IOException("/actuator/prometheus answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** The value of the first sample of a metric, whatever its labels; NaN when the body has none. */
    static double value(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
