package org.certportal.mail;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.certportal.platform.PollingTask;
import org.certportal.platform.PortalProperties;
import org.certportal.platform.Secrets;
import org.certportal.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox. Each message is claimed with a conditional UPDATE (so several nodes never
 * send one twice), sent, then marked SENT with its body erased; a failure is retried with
 * exponential backoff and ends as FAILED after {@code certportal.mail.max-attempts}. A claim left
 * by a node that died is taken over once it expires, so nothing is lost across restarts. It runs
 * as a {@link PollingTask} on Spring's scheduler, which no request wakes.
 */
@Component
class OutboxDispatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Secrets secrets;
    private final MailTemplates templates;
    private final ObjectProvider<JavaMailSender> sender;
    private final MailProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PortalProperties portal;

    OutboxDispatcher(JdbcClient jdbc, Outbox outbox, Secrets secrets, MailTemplates templates, ObjectProvider<JavaMailSender> sender,
            MailProperties properties, Clock clock, MeterRegistry meters, PortalProperties portal) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.secrets = secrets;
        this.templates = templates;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.portal = portal;
        meters.gauge("certportal.outbox.queued", this, d -> d.count(outbox::countWaiting));
        meters.gauge("certportal.outbox.failed", this, d -> d.count(() -> outbox.countByStatus(Outbox.FAILED)));
    }

    private double count(java.util.function.LongSupplier query) {
        try {
            return query.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * One pass every {@code certportal.mail.poll-interval} on Spring's scheduler, at once again
     * while there is a backlog; none in the administration commands, whose mail the running portal
     * delivers.
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.dispatcherEnabled()) {
            new PollingTask("outbox-dispatcher", properties.pollInterval(), BATCH, this::deliverDue).scheduleOn(registrar);
        }
    }

    /** One pass over the due messages; public to the package so tests can drive it step by step. */
    int deliverDue() {
        Instant now = clock.instant();
        List<Long> due = jdbc.sql("SELECT id FROM outbox WHERE (status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_until < ?) "
                        + "ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY")
                .param(Outbox.QUEUED).param(Timestamps.db(now)).param(Outbox.SENDING).param(Timestamps.db(now))
                .query(Long.class).list();
        List<Prepared> batch = new ArrayList<>();
        for (Long id : due) {
            if (claim(id, now)) {
                prepare(id).ifPresent(batch::add);
            }
        }
        sendBatch(batch);
        return due.size();
    }

    private boolean claim(long id, Instant now) {
        return jdbc.sql("UPDATE outbox SET status = ?, claimed_until = ? WHERE id = ? AND "
                        + "((status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_until < ?))")
                .param(Outbox.SENDING).param(Timestamps.db(now.plus(CLAIM))).param(id)
                .param(Outbox.QUEUED).param(Timestamps.db(now)).param(Outbox.SENDING).param(Timestamps.db(now))
                .update() == 1;
    }

    private record Row(long id, String recipient, String template, String locale, byte[] payload, int attempts) {
    }

    private record Prepared(Row row, MimeMessage message) {
    }

    /** Decrypts and renders one claimed message; a message that cannot be built is marked as a failed attempt. */
    private Optional<Prepared> prepare(long id) {
        Row row = jdbc.sql("SELECT id, recipient, template, locale, payload, attempts FROM outbox WHERE id = ?").param(id)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getInt(6))).single();
        try {
            JavaMailSender mailSender = sender.getIfAvailable();
            if (mailSender == null) {
                throw new IllegalStateException("no SMTP server configured (spring.mail.host)");
            }
            Map<String, String> queued = row.payload() == null ? Map.of() : PayloadCodec.decode(secrets.decrypt(row.payload()));
            // The origin is this portal's, whoever queued the email (the command line, another node).
            Map<String, String> model = MailLinks.resolve(queued, portal.origin());
            MailTemplates.Rendered mail = templates.render(row.template(), row.locale(), model);
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(properties.from()));
            helper.setTo(new InternetAddress(row.recipient(), true));
            helper.setSubject(mail.subject());
            helper.setText(mail.text(), mail.html());
            return Optional.of(new Prepared(row, message));
        } catch (Exception e) {
            failed(row, e);
            return Optional.empty();
        }
    }

    /** One SMTP connection for the whole batch; the relay's verdict is recorded per message. */
    private void sendBatch(List<Prepared> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<Object, Exception> failures = new java.util.IdentityHashMap<>();
        try {
            sender.getObject().send(batch.stream().map(Prepared::message).toArray(MimeMessage[]::new));
        } catch (MailSendException e) {
            failures.putAll(e.getFailedMessages());
            if (failures.isEmpty()) {
                batch.forEach(p -> failures.put(p.message(), e));
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> failures.put(p.message(), e));
        }
        for (Prepared p : batch) {
            Exception failure = failures.get(p.message());
            if (failure == null) {
                sent(p.row());
            } else {
                failed(p.row(), failure);
            }
        }
    }

    private void sent(Row row) {
        jdbc.sql("UPDATE outbox SET status = ?, sent_at = ?, payload = NULL, claimed_until = NULL, last_error = NULL, attempts = attempts + 1 WHERE id = ?")
                .param(Outbox.SENT).param(Timestamps.db(clock.instant())).param(row.id()).update();
        meters.counter("certportal.outbox.messages", "state", "sent", "template", row.template()).increment();
    }

    private void failed(Row row, Exception e) {
        int attempts = row.attempts() + 1;
        boolean giveUp = attempts >= properties.maxAttempts();
        String error = describe(e);
        jdbc.sql("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?")
                .param(giveUp ? Outbox.FAILED : Outbox.QUEUED).param(attempts)
                .param(Timestamps.db(clock.instant().plus(backoff(attempts)))).param(error).param(row.id()).update();
        meters.counter("certportal.outbox.messages", "state", giveUp ? "failed" : "retry", "template", row.template()).increment();
        log.warn("Email {} ({}) not delivered, attempt {} of {}: {}", row.id(), row.template(), attempts, properties.maxAttempts(), error);
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration d = properties.firstRetryDelay().multipliedBy(factor);
        return d.compareTo(properties.maxRetryDelay()) > 0 ? properties.maxRetryDelay() : d;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = e.getClass().getSimpleName() + ": " + e.getMessage() + (root != e ? " (" + root.getMessage() + ")" : "");
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
