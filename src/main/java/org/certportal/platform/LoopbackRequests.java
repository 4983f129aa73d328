package org.certportal.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request was made on this machine, for the pages judged by address alone ({@code /dev/mail},
 * which shows reset links and temporary passwords, and {@code /actuator/prometheus}).
 *
 * <p>A loopback socket address is not enough: a reverse proxy on the same host (nginx, Apache, a
 * Kubernetes sidecar) connects from 127.0.0.1 on behalf of anyone on the network, and it says so by
 * adding forwarding headers. So a loopback request that carries any of them is treated as remote,
 * whatever address the header names: {@code X-Forwarded-For: 127.0.0.1} proves nothing. A plain TCP
 * forwarder adds no header and cannot be told apart from a local client; the README says not to run
 * one in front of the portal's port.
 */
public final class LoopbackRequests {

    /** Headers that a proxy adds; {@code X-Forwarded-*} is matched as a prefix. */
    private static final Set<String> FORWARDING_HEADERS = Set.of("forwarded", "via", "x-real-ip", "x-client-ip", "true-client-ip",
            "x-original-forwarded-for", "client-ip", "cf-connecting-ip", "fastly-client-ip");

    private LoopbackRequests() {
    }

    /** The socket peer is a loopback address and no proxy says it forwarded the request. */
    public static boolean isDirectFromLoopback(HttpServletRequest request) {
        return isLoopback(request.getRemoteAddr()) && !isForwarded(request);
    }

    /** The request carries a header that a forwarding proxy adds. */
    public static boolean isForwarded(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-forwarded-") || FORWARDING_HEADERS.contains(lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String address) {
        // Only a literal address is looked at, so this never asks DNS.
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }
}
