package org.certportal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Enrolling an authenticator app over HTTP, as the contract's pages and data- attributes allow. */
public final class SecondFactorSteps {

    private static final Pattern SECRET = Pattern.compile("data-totp-secret=\"([A-Z2-7]+)\"");
    private static final Pattern RECOVERY = Pattern.compile("data-recovery-code=\"([^\"]+)\"");

    /** What enrolling gave: the app and the recovery codes shown. */
    public record Enrolled(Authenticator app, String secret, List<String> recoveryCodes, Browser.Page confirmation) {
    }

    private SecondFactorSteps() {
    }

    /** Adds an authenticator app from a signed-in browser (the clock's current step confirms it). */
    public static Enrolled enroll(Browser b, MutableClock clock) {
        b.get("/account/security");
        Browser.Page setup = b.post("/account/security/totp", Map.of());
        assertThat(setup.status()).isEqualTo(200);
        Matcher m = SECRET.matcher(setup.body());
        assertThat(m.find()).as("data-totp-secret on the setup page").isTrue();
        String secret = m.group(1);
        Authenticator app = new Authenticator(secret);
        Browser.Page confirmed = b.post("/account/security/totp/confirm", Map.of("code", app.code(clock.instant()), "name", "Phone"));
        return new Enrolled(app, secret, recoveryCodes(confirmed.body()), confirmed);
    }

    public static List<String> recoveryCodes(String body) {
        List<String> codes = new ArrayList<>();
        Matcher r = RECOVERY.matcher(body);
        while (r.find()) {
            codes.add(r.group(1));
        }
        return codes;
    }
}
