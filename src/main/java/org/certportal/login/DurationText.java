package org.certportal.login;

import java.time.Duration;

/** "one hour", "30 minutes": durations as a person says them. */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        if (minutes % 60 == 0) {
            long hours = minutes / 60;
            return hours == 1 ? "one hour" : hours + " hours";
        }
        return minutes == 1 ? "one minute" : minutes + " minutes";
    }
}
