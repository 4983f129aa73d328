package org.certportal.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Issue 17's soak: for an hour, at fixed arrival rates (open loop: a slow portal cannot slow the load
 * down), browsers sign in; people recover a forgotten password end to end (/forgot-password, the reset
 * link read from /dev/mail, the temporary password read from /dev/mail, the sign-in with it and the
 * forced change to a new password); a Support agent works in the console (home, a search, an account).
 * Every minute: the portal's RSS and CPU, and per kind of flow the count, errors, p50 and p99 (from the
 * intended start, so a queue shows). Raw events and minute rows go to CSV files.
 */
final class Soak {

    private Soak() {
    }

    enum Kind {
        SIGNIN, RECOVERY, CONSOLE, DEVMAIL
    }

    private static final Pattern RESET_LINK = Pattern.compile("(/reset/[A-Za-z0-9_\\-]+)");
    private static final Pattern TEMPORARY = Pattern.compile("(?m)^Temporary password: (\\S+)$");
    private static final Pattern ARTICLE = Pattern.compile("<article class=\"mail\">(.*?)</article>", Pattern.DOTALL);

    static void run(Bench.Args args) throws Exception {
        URI base = URI.create(args.get("base"));
        List<Users.User> signinUsers = Users.read(Path.of(args.get("passwords")));
        LinkedBlockingQueue<Users.User> recoveryPool = new LinkedBlockingQueue<>(Users.read(Path.of(args.get("recovery-passwords"))));
        Users.User agent = Users.read(Path.of(args.get("console-passwords"))).get(0);
        long pid = Long.parseLong(args.get("pid"));
        int minutes = args.getInt("minutes", 60);
        double signinRate = args.getDouble("signin-rate", 2.0);
        double recoveryRate = args.getDouble("recovery-rate", 0.1);
        double consoleRate = args.getDouble("console-rate", 0.5);
        Path dir = Path.of(args.get("dir"));
        Files.createDirectories(dir);

        Map<Kind, Recorder> latency = new ConcurrentHashMap<>();
        Map<Kind, AtomicInteger> ok = new ConcurrentHashMap<>();
        Map<Kind, AtomicInteger> errors = new ConcurrentHashMap<>();
        for (Kind k : Kind.values()) {
            latency.put(k, new Recorder(3));
            ok.put(k, new AtomicInteger());
            errors.put(k, new AtomicInteger());
        }
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MINUTES.toNanos(minutes);
        PrintWriter events = new PrintWriter(Files.newBufferedWriter(dir.resolve("soak-events.csv")));
        events.println("t_ms,kind,ok,latency_ms,error");
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "soak-browser");
            t.setDaemon(true);
            return t;
        });
        Set<String> seenMail = ConcurrentHashMap.newKeySet();
        AtomicInteger nextSignin = new AtomicInteger();
        Browser[] console = new Browser[1];

        Recording rec = (kind, intended, error) -> {
            long now = System.nanoTime();
            long micros = TimeUnit.NANOSECONDS.toMicros(now - intended);
            latency.get(kind).recordValue(Math.min(Math.max(micros, 1), 3_600_000_000L));
            (error == null ? ok : errors).get(kind).incrementAndGet();
            synchronized (events) {
                events.printf(Locale.ROOT, "%d,%s,%d,%.1f,%s%n", TimeUnit.NANOSECONDS.toMillis(now - t0), kind, error == null ? 1 : 0, micros / 1000.0,
                        error == null ? "" : error.replace(',', ';').replace('\n', ' '));
            }
        };

        Flows.SignInFlow signin = Flows.portal(base);
        Thread signins = arrivals("signins", signinRate, t0, end, workers, intended -> {
            try {
                signin.signIn(signinUsers.get(Math.floorMod(nextSignin.getAndIncrement(), signinUsers.size()))).get(120, TimeUnit.SECONDS);
                rec.done(Kind.SIGNIN, intended, null);
            } catch (Exception e) {
                rec.done(Kind.SIGNIN, intended, describe(e));
            }
        });
        Thread recoveries = arrivals("recoveries", recoveryRate, t0, end, workers, intended -> {
            Users.User u = recoveryPool.poll();
            if (u == null) {
                rec.done(Kind.RECOVERY, intended, "no free recovery account (all in a flow)");
                return;
            }
            try {
                Users.User after = recover(base, u, seenMail, rec);
                recoveryPool.add(after);
                rec.done(Kind.RECOVERY, intended, null);
            } catch (Exception e) {
                recoveryPool.add(u);
                rec.done(Kind.RECOVERY, intended, describe(e));
            }
        });
        Thread consoles = arrivals("console", consoleRate, t0, end, workers, intended -> {
            try {
                synchronized (console) {
                    // one Support agent: one browser, signed in again only when the session has ended
                    console[0] = consoleVisit(base, console[0], agent, signinUsers.get(Math.floorMod(nextSignin.get() * 7, signinUsers.size())));
                }
                rec.done(Kind.CONSOLE, intended, null);
            } catch (Exception e) {
                synchronized (console) {
                    console[0] = null;
                }
                rec.done(Kind.CONSOLE, intended, describe(e));
            }
        });

        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("soak-minutes.csv")))) {
            StringBuilder header = new StringBuilder("minute,rss_kib,server_cpu_ms,load1");
            for (Kind k : Kind.values()) {
                String n = k.name().toLowerCase(Locale.ROOT);
                header.append(',').append(n).append("_ok,").append(n).append("_errors,").append(n).append("_p50_ms,").append(n).append("_p99_ms");
            }
            w.println(header);
            long cpu0 = Cpu.processMillis(pid);
            Map<Kind, Integer> ok0 = new LinkedHashMap<>();
            Map<Kind, Integer> err0 = new LinkedHashMap<>();
            Map<Kind, Histogram> h = new LinkedHashMap<>();
            for (Kind k : Kind.values()) {
                ok0.put(k, 0);
                err0.put(k, 0);
            }
            for (int m = 1; m <= minutes; m++) {
                long boundary = t0 + TimeUnit.MINUTES.toNanos(m);
                long wait;
                while ((wait = boundary - System.nanoTime()) > 0) {
                    Thread.sleep(Math.max(1, wait / 1_000_000));
                }
                long cpu1 = Cpu.processMillis(pid);
                String load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%d,%s", m, RssSampler.rssKib(pid), cpu1 - cpu0, load));
                StringBuilder log = new StringBuilder();
                for (Kind k : Kind.values()) {
                    Histogram hist = latency.get(k).getIntervalHistogram(h.get(k));
                    h.put(k, hist);
                    int o = ok.get(k).get();
                    int e = errors.get(k).get();
                    double p50 = hist.getTotalCount() == 0 ? Double.NaN : hist.getValueAtPercentile(50) / 1000.0;
                    double p99 = hist.getTotalCount() == 0 ? Double.NaN : hist.getValueAtPercentile(99) / 1000.0;
                    row.append(String.format(Locale.ROOT, ",%d,%d,%.1f,%.1f", o - ok0.get(k), e - err0.get(k), p50, p99));
                    log.append(String.format(Locale.ROOT, " %s %d/%d err p99 %.0f ms;", k.name().toLowerCase(Locale.ROOT), o - ok0.get(k), e - err0.get(k), p99));
                    ok0.put(k, o);
                    err0.put(k, e);
                }
                w.println(row);
                w.flush();
                synchronized (events) {
                    events.flush();
                }
                Bench.log("soak minute %d: RSS %d MiB, CPU %d ms, load %s;%s", m, RssSampler.rssKib(pid) / 1024, cpu1 - cpu0, load, log);
                cpu0 = cpu1;
            }
        }
        signins.join();
        recoveries.join();
        consoles.join();
        workers.shutdown();
        workers.awaitTermination(150, TimeUnit.SECONDS);
        synchronized (events) {
            events.close();
        }
    }

    interface Recording {
        void done(Kind kind, long intendedNanos, String error);
    }

    interface Arrival {
        void run(long intendedNanos);
    }

    /** A thread that starts {@code flow} every 1/rate s until {@code end}, never waiting for one to finish. */
    private static Thread arrivals(String name, double rate, long t0, long end, ExecutorService workers, Arrival flow) {
        Thread t = new Thread(() -> {
            if (rate <= 0) {
                return;
            }
            long period = (long) (1e9 / rate);
            for (long i = 0; ; i++) {
                long intended = t0 + i * period;
                if (intended >= end) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                workers.execute(() -> flow.run(intended));
            }
        }, name);
        t.start();
        return t;
    }

    /** The whole recovery of one account; returns the account with its new password. */
    private static Users.User recover(URI base, Users.User u, Set<String> seenMail, Recording rec) throws Exception {
        Browser b = new Browser(base);
        Browser.Response form = b.get("/forgot-password").get(60, TimeUnit.SECONDS);
        expect(form, 200, "GET /forgot-password");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("username", u.username());
        f.put("email", u.email());
        f.put("_csrf", Browser.csrf(form.body()));
        expect(b.postForm("/forgot-password", f).get(60, TimeUnit.SECONDS), 200, "POST /forgot-password");

        String link = awaitMail(base, u.email(), RESET_LINK, seenMail, rec);
        Browser.Response reset = b.get(link).get(60, TimeUnit.SECONDS);
        expect(reset, 200, "GET /reset/{token}");
        Map<String, String> r = new LinkedHashMap<>();
        r.put("token", link.substring("/reset/".length()));
        r.put("_csrf", Browser.csrf(reset.body()));
        expect(b.postForm("/reset", r).get(60, TimeUnit.SECONDS), 200, "POST /reset");

        String temporary = awaitMail(base, u.email(), TEMPORARY, seenMail, rec);
        Browser person = new Browser(base);
        Browser.Response login = person.get("/login").get(60, TimeUnit.SECONDS);
        expect(login, 200, "GET /login");
        Map<String, String> l = new LinkedHashMap<>();
        l.put("username", u.username());
        l.put("password", temporary);
        l.put("_csrf", Browser.csrf(login.body()));
        Browser.Response signedIn = person.postForm("/login", l).get(60, TimeUnit.SECONDS);
        if (signedIn.statusCode() != 302 && signedIn.statusCode() != 303) {
            throw Flows.fail("POST /login with the temporary password", signedIn);
        }
        Browser.Response change = person.get("/password/change").get(60, TimeUnit.SECONDS);
        expect(change, 200, "GET /password/change");
        String fresh = Users.passphrase(new java.security.SecureRandom());
        Map<String, String> c = new LinkedHashMap<>();
        c.put("username", u.username());
        c.put("currentPassword", temporary);
        c.put("newPassword", fresh);
        c.put("confirmPassword", fresh);
        c.put("_csrf", Browser.csrf(change.body()));
        Browser.Response changed = person.postForm("/password/change", c).get(60, TimeUnit.SECONDS);
        if (changed.statusCode() == 302 || changed.statusCode() == 303) {
            changed = person.get(changed.header("location").orElseThrow()).get(60, TimeUnit.SECONDS);
        }
        if (changed.statusCode() != 200 || !changed.body().contains("successfully reset")) {
            throw Flows.fail("POST /password/change", changed);
        }
        return new Users.User(u.username(), u.email(), fresh);
    }

    /** Polls /dev/mail (newest first) until a mail to {@code to} holds an unseen match; each /dev/mail fetch is timed as DEVMAIL. */
    private static String awaitMail(URI base, String to, Pattern what, Set<String> seen, Recording rec) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Browser b = new Browser(base);
        while (System.nanoTime() < deadline) {
            long s = System.nanoTime();
            Browser.Response box;
            try {
                box = b.get("/dev/mail").get(60, TimeUnit.SECONDS);
                expect(box, 200, "GET /dev/mail");
                rec.done(Kind.DEVMAIL, s, null);
            } catch (Exception e) {
                rec.done(Kind.DEVMAIL, s, describe(e));
                throw e;
            }
            Matcher article = ARTICLE.matcher(box.body());
            while (article.find()) {
                String mail = Browser.unescapeHtml(article.group(1));
                if (!mail.contains(to)) {
                    continue;
                }
                Matcher m = what.matcher(mail);
                if (m.find()) {
                    String value = m.group(1);
                    if (seen.add(value)) {
                        return value;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new Browser.FlowException("no new mail to " + to + " matching " + what.pattern() + " within 120 s");
    }

    /** The console's home, a search and one account's page; signs in first when the session has ended. */
    private static Browser consoleVisit(URI base, Browser b, Users.User agent, Users.User looked) throws Exception {
        if (b != null) {
            Browser.Response home = b.get("/console").get(60, TimeUnit.SECONDS);
            if (home.statusCode() != 200) {
                b = null;
            }
        }
        if (b == null) {
            b = new Browser(base);
            Browser.Response login = b.get("/login").get(60, TimeUnit.SECONDS);
            expect(login, 200, "GET /login (console)");
            Map<String, String> l = new LinkedHashMap<>();
            l.put("username", agent.username());
            l.put("password", agent.password());
            l.put("_csrf", Browser.csrf(login.body()));
            Browser.Response signed = b.postForm("/login", l).get(60, TimeUnit.SECONDS);
            if (signed.statusCode() != 302 && signed.statusCode() != 303) {
                throw Flows.fail("POST /login (console)", signed);
            }
            expect(b.get("/console").get(60, TimeUnit.SECONDS), 200, "GET /console");
        }
        String q = looked.username().substring(0, looked.username().length() - 2);
        Browser.Response found = b.get("/console/accounts?q=" + q).get(60, TimeUnit.SECONDS);
        expect(found, 200, "GET /console/accounts?q=");
        Browser.Response account = b.get("/console/accounts/" + looked.username()).get(60, TimeUnit.SECONDS);
        expect(account, 200, "GET /console/accounts/{username}");
        if (!account.body().contains(looked.username())) {
            throw new Browser.FlowException("GET /console/accounts/{username}: the page does not name the account");
        }
        return b;
    }

    private static void expect(Browser.Response r, int status, String step) {
        if (r.statusCode() != status) {
            throw Flows.fail(step, r);
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
