package org.certportal.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.certportal.audit.AuditEvent;
import org.certportal.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * {@code audit export --since=... [--until=...]}: the audit log as JSON lines on standard output, one
 * event a line, oldest first, for an operator's log shipper or SIEM. The field names are the
 * columns' and stay stable; times are ISO-8601 in UTC. An event's detail never holds a secret (the
 * audit log's own rule), so the export needs no filtering.
 */
@Component
class AuditCommands {

    /** {@code until} null: up to now, including events written while the export runs. */
    record Window(Instant since, Instant until) {
    }

    private final AuditLog audit;

    AuditCommands(AuditLog audit) {
        this.audit = audit;
    }

    static Window window(Map<String, String> options) {
        Instant since = instant("since", options.get("since"));
        if (since == null) {
            throw new CommandException("--since is required, e.g. --since=2026-12-01T00:00:00Z");
        }
        Instant until = instant("until", options.get("until"));
        if (until != null && !until.isAfter(since)) {
            throw new CommandException("--until must be later than --since");
        }
        return new Window(since, until);
    }

    private static Instant instant(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            // A zone is required: a local time would mean a different moment on every operator's machine.
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandException("--" + option + " must be an ISO-8601 time with a zone, e.g. 2026-12-01T00:00:00Z");
        }
    }

    /** Returns how many events were written. */
    long export(Window window, PrintStream out) {
        long[] count = {0};
        audit.export(window.since(), window.until(), event -> {
            out.print(line(event));
            out.print('\n');
            count[0]++;
        });
        return count[0];
    }

    static String line(AuditEvent e) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "id", e.id()).append(',');
        field(json, "at", e.at() == null ? null : e.at().toString()).append(',');
        field(json, "type", e.type()).append(',');
        field(json, "outcome", e.outcome()).append(',');
        field(json, "account_id", e.accountId()).append(',');
        field(json, "username", e.username()).append(',');
        field(json, "actor", e.actor()).append(',');
        field(json, "client_address", e.clientAddress()).append(',');
        field(json, "detail", e.detail());
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, Long value) {
        return json.append('"').append(name).append("\":").append(value == null ? "null" : value.toString());
    }

    /**
     * Everything outside printable ASCII is escaped: the lines stay one line each (a username or a
     * detail cannot break them) and read the same whatever the terminal's or the platform's charset.
     */
    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
