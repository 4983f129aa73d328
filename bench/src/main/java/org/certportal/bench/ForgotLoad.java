package org.certportal.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * /forgot-password at a fixed concurrency (GET the form, POST username + email of a real account),
 * with this process as the SMTP server the portal delivers to (GreenMail on 127.0.0.1). Then the
 * drain: how long after the last request until every email (2 per request: the notification and
 * the reset link) has arrived and the outbox gauge shows 0 queued.
 */
final class ForgotLoad {

    private ForgotLoad() {
    }


    static void run(Bench.Args args) throws Exception {
        URI base = URI.create(args.get("base"));
        List<Users.User> users = Users.read(Path.of(args.get("passwords")));
        int concurrency = args.getInt("concurrency", 8);
        double seconds = args.getDouble("seconds", 20);
        int smtpPort = args.getInt("smtp-port", 2525);
        double drainLimit = args.getDouble("drain-limit", 180);
        int perRequest = args.getInt("emails-per-request", 2);

        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            int before = smtp.getReceivedMessages().length;
            AtomicInteger next = new AtomicInteger();
            Recorder rec = new Recorder("forgot", System.nanoTime());
            Bench.log("forgot-password: %d concurrent browsers for %.0f s, SMTP sink on 127.0.0.1:%d", concurrency, seconds, smtpPort);
            rec.startNanos = System.nanoTime();
            long deadline = rec.startNanos + (long) (seconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        Users.User u = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
                        long s = System.nanoTime();
                        try {
                            Browser b = new Browser(base);
                            b.get("/forgot-password").thenCompose(r -> {
                                if (r.statusCode() != 200) {
                                    throw Flows.fail("GET /forgot-password", r);
                                }
                                Map<String, String> f = new LinkedHashMap<>();
                                f.put("username", u.username());
                                f.put("email", u.email());
                                f.put("_csrf", Browser.csrf(r.body()));
                                return b.postForm("/forgot-password", f);
                            }).thenApply(r -> {
                                if (r.statusCode() != 200) {
                                    throw Flows.fail("POST /forgot-password", r);
                                }
                                return r;
                            }).get(120, TimeUnit.SECONDS);
                            long e = System.nanoTime();
                            rec.success(e, e - s, e - s);
                        } catch (Exception ex) {
                            long e = System.nanoTime();
                            rec.error(e, e - s, ex);
                        }
                    }
                }, "forgot-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            long loadEnd = System.nanoTime();
            rec.endNanos = loadEnd;
            long submitted = rec.ok.get();
            long expected = before + submitted * perRequest;
            Bench.log("forgot-password: %d submitted (%.2f/s), %d errors; waiting for %d emails", submitted, submitted / rec.seconds(), rec.errors.get(),
                    expected - before);

            long drainDeadline = loadEnd + (long) (drainLimit * 1e9);
            int received;
            double queued;
            long drained = -1;
            do {
                received = smtp.getReceivedMessages().length;
                queued = outboxQueued(base);
                if (received >= expected && queued == 0) {
                    drained = System.nanoTime();
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < drainDeadline);

            Map<String, Object> f = new LinkedHashMap<>();
            f.put("forgot_concurrency", concurrency);
            f.put("forgot_seconds", rec.seconds());
            f.put("forgot_ok", submitted);
            f.put("forgot_errors", rec.errors.get());
            f.put("forgot_rate", submitted / rec.seconds());
            Map<String, Object> lat = rec.figures("x");
            f.put("forgot_p50_ms", lat.get("x_forgot_p50_ms"));
            f.put("forgot_p99_ms", lat.get("x_forgot_p99_ms"));
            f.put("forgot_emails_expected", expected - before);
            f.put("forgot_emails_received", received - before);
            f.put("forgot_drain_s", drained < 0 ? -1.0 : (drained - loadEnd) / 1e9);
            long until = drained < 0 ? System.nanoTime() : drained;
            f.put("forgot_delivery_rate", (received - before) / ((until - rec.startNanos) / 1e9));
            if (!rec.errorKinds.isEmpty()) {
                f.put("forgot_error_kinds", rec.errorKinds.toString());
            }
            Bench.record(args, f);
        } finally {
            smtp.stop();
        }
    }

    static double outboxQueued(URI base) {
        try {
            return Prometheus.value(Prometheus.scrape(base), "certportal_outbox_queued");
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
