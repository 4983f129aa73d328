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
        return compact(client(request));
    }

    /**
     * An IPv6 address in its short form (RFC 5952: lower case, the longest run of zero groups as
     * "::"), so the loopback is stored, throttled and shown as ::1 and not as the servlet
     * container's 0:0:0:0:0:0:0:1. Anything else comes back unchanged.
     */
    public static String compact(String address) {
        if (address == null || address.indexOf(':') < 0 || address.indexOf('.') >= 0 || address.length() > 45
                || !address.matches("[0-9a-fA-F:]+(%[0-9A-Za-z._-]+)?")) {
            return address;
        }
        int percent = address.indexOf('%');
        String scope = percent < 0 ? "" : address.substring(percent);
        String bare = percent < 0 ? address : address.substring(0, percent);
        String[] groups;
        try {
            groups = InetAddress.getByName(bare).getHostAddress().split(":");
        } catch (UnknownHostException e) {
            return address;
        }
        if (groups.length != 8) {
            return address;
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group stays "0" (RFC 5952 4.2.2)
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                out.append(':');
            }
        }
        return out + scope;
    }

    private String client(HttpServletRequest request) {
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
