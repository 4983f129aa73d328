package org.certportal.login;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.certportal.platform.PortalProperties;
import org.certportal.platform.RandomSecrets;
import org.certportal.platform.Secrets;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * OWASP's device cookie: a browser that signed in to an account before carries a signed token
 * naming that account and a device id. Its attempts are counted under the device, so a stranger
 * hammering the account from elsewhere cannot lock the owner out of the computer they always use.
 */
@Component
class DeviceCookies {

    static final String NAME = "CERTPORTAL_DEVICE";
    /** The name over https: the browser then keeps it only with Secure, Path=/ and no Domain (OWASP ASVS 3.3.3). */
    static final String HOST_NAME = "__Host-" + NAME;

    record Device(long accountId, String deviceId) {
        String subject() {
            return "d:" + deviceId;
        }
    }

    private final Secrets secrets;
    private final RandomSecrets random;
    private final LockoutProperties lockout;
    private final PortalProperties portal;

    DeviceCookies(Secrets secrets, RandomSecrets random, LockoutProperties lockout, PortalProperties portal) {
        this.secrets = secrets;
        this.random = random;
        this.lockout = lockout;
        this.portal = portal;
    }

    static String read(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        // Either name: a portal that moved to https keeps recognising the devices it knew. The value is
        // signed for one account, so a cookie planted under the plain name gains nothing.
        String plain = null;
        for (Cookie c : request.getCookies()) {
            if (HOST_NAME.equals(c.getName())) {
                return c.getValue();
            }
            if (NAME.equals(c.getName())) {
                plain = c.getValue();
            }
        }
        return plain;
    }

    /**
     * Whose count an attempt on {@code accountId} goes to in {@link SignInGuard}: the device, when the
     * cookie holds for that account, else the account. Passwords and second-factor codes both use it.
     */
    String guardSubject(String cookieValue, long accountId) {
        return verify(cookieValue, accountId).map(Device::subject).orElse(AccountLocks.subject(accountId));
    }

    /** The device named by a cookie value, if its signature holds and it belongs to {@code accountId}. */
    Optional<Device> verify(String value, long accountId) {
        if (!lockout.deviceCookies() || value == null || value.length() > 200) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.");
        if (parts.length != 4 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        if (!parts[1].equals(Long.toString(accountId))) {
            return Optional.empty();
        }
        String expected = sign(parts[1], parts[2]);
        return Secrets.sameHash(expected, parts[3]) ? Optional.of(new Device(accountId, parts[2])) : Optional.empty();
    }

    void issue(HttpServletResponse response, long accountId, String existing) {
        if (!lockout.deviceCookies()) {
            return;
        }
        String deviceId = verify(existing, accountId).map(Device::deviceId).orElseGet(() -> random.urlToken(16));
        String value = "v1." + accountId + "." + deviceId + "." + sign(Long.toString(accountId), deviceId);
        ResponseCookie cookie = ResponseCookie.from(portal.isHttps() ? HOST_NAME : NAME, value).httpOnly(true).secure(portal.isHttps()).sameSite("Lax").path("/")
                .maxAge(lockout.deviceCookieLifetime()).build();
        response.addHeader("Set-Cookie", cookie.toString());
    }

    private String sign(String accountId, String deviceId) {
        return secrets.keyedHash("device-cookie", accountId + ":" + deviceId);
    }
}
