package org.certportal.login;

/**
 * A short, human name for a User-Agent header ("Firefox on Windows"), for the owner's list of
 * sessions: enough to recognise one's own devices, without storing the whole header, which
 * identifies a browser more than the list needs.
 */
final class BrowserName {

    private BrowserName() {
    }

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String ua = userAgent;
        String browser;
        if (ua.contains("Edg/")) {
            browser = "Edge";
        } else if (ua.contains("OPR/")) {
            browser = "Opera";
        } else if (ua.contains("Firefox/")) {
            browser = "Firefox";
        } else if (ua.contains("Chrome/") || ua.contains("Chromium/")) {
            browser = "Chrome";
        } else if (ua.contains("Safari/")) {
            browser = "Safari";
        } else {
            browser = "Other browser";
        }
        String system;
        if (ua.contains("Windows")) {
            system = "Windows";
        } else if (ua.contains("iPhone") || ua.contains("iPad")) {
            system = "iOS";
        } else if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            system = "macOS";
        } else if (ua.contains("Android")) {
            system = "Android";
        } else if (ua.contains("Linux")) {
            system = "Linux";
        } else {
            system = null;
        }
        return system == null ? browser : browser + " on " + system;
    }
}
