package org.certportal.login;

import java.time.Duration;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

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

    /**
     * The same duration in the page's language: a message argument that the message source
     * resolves (duration.hours or duration.minutes), with {@link #of} as its English default.
     */
    public static MessageSourceResolvable message(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        boolean hours = minutes % 60 == 0;
        return new DefaultMessageSourceResolvable(new String[] {hours ? "duration.hours" : "duration.minutes"},
                new Object[] {hours ? minutes / 60 : minutes}, of(d));
    }
}
