package org.certportal.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the person behind a request. {@code X-Forwarded-For} is believed only when the
 * direct peer is one of {@code certportal.trusted-proxies}; otherwise anyone could pick the
 * address that gets throttled or written into the audit log.
 */
@Component
public class ClientAddressResolver {

    private final List<IpAddressMatcher> trusted;

    public ClientAddressResolver(PortalProperties properties) {
        List<IpAddressMatcher> matchers = new ArrayList<>();
        for (String cidr : properties.trustedProxies()) {
            matchers.add(new IpAddressMatcher(cidr.trim()));
        }
        this.trusted = List.copyOf(matchers);
    }

    public String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !isTrusted(peer)) {
            return peer;
        }
        // Walk from the right: the last hop not belonging to us is the client.
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isLiteralAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        for (IpAddressMatcher m : trusted) {
            try {
                if (m.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException ignored) {
                return false;
            }
        }
        return false;
    }

    private static boolean isLiteralAddress(String s) {
        if (s.isEmpty() || s.length() > 45 || !s.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
