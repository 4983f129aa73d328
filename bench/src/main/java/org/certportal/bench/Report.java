package org.certportal.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The plots (PNG, XChart) and the table of figures, from the results file and the event logs of one run. */
final class Report {

    private Report() {
    }

    static final String[] TARGETS = {"portal", "keycloak"};
    static final Map<String, String> NAMES = Map.of("portal", "certportal", "keycloak", "Keycloak 26.5.6");

    static void run(Bench.Args args) throws Exception {
        Path dir = Path.of(args.get("dir"));
        Properties p = Bench.load(Path.of(args.get("results")));
        double raw = bestRaw(p);

        XYChart tput = new XYChartBuilder().width(1000).height(500).title("Sign-ins per second over time (1 s buckets)")
                .xAxisTitle("seconds since the load started").yAxisTitle("sign-ins/s").build();
        tput.getStyler().setMarkerSize(3).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYChart rss = new XYChartBuilder().width(1000).height(400).title("Server RSS during the sign-in load")
                .xAxisTitle("seconds since the load started").yAxisTitle("MiB").build();
        rss.getStyler().setMarkerSize(0).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double maxT = 0;
        List<String> written = new ArrayList<>();
        for (String target : TARGETS) {
            Path events = dir.resolve(target + "-events.csv");
            if (!Files.exists(events)) {
                continue;
            }
            TreeMap<Long, Histogram> perSecond = new TreeMap<>();
            TreeMap<Long, int[]> counts = new TreeMap<>();
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8).subList(1, Files.readAllLines(events).size())) {
                String[] f = line.split(",");
                long sec = Long.parseLong(f[1]) / 1000;
                boolean ok = "1".equals(f[4]);
                counts.computeIfAbsent(sec, s -> new int[2])[ok ? 0 : 1]++;
                if (ok) {
                    perSecond.computeIfAbsent(sec, s -> new Histogram(1, 600_000_000L, 3)).recordValue(Math.max(1, Long.parseLong(f[2])));
                }
            }
            if (counts.isEmpty()) {
                continue;
            }
            long last = counts.lastKey();
            maxT = Math.max(maxT, last + 1);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            for (long s = 0; s <= last; s++) {
                int[] c = counts.getOrDefault(s, new int[2]);
                xs.add((double) s);
                ys.add((double) c[0]);
                errs.add((double) c[1]);
            }
            tput.addSeries(NAMES.get(target), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            if (errs.stream().anyMatch(e -> e > 0)) {
                tput.addSeries(NAMES.get(target) + " errors", xs, errs).setMarker(SeriesMarkers.DIAMOND);
            }

            XYChart lat = new XYChartBuilder().width(1000).height(500)
                    .title(NAMES.get(target) + ": sign-in latency over time (full browser flow, 1 s buckets by completion)")
                    .xAxisTitle("seconds since the load started").yAxisTitle("ms").build();
            lat.getStyler().setMarkerSize(3).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
            lat.getStyler().setYAxisMin(0.0);
            for (double pct : new double[] {50, 95, 99}) {
                List<Double> lx = new ArrayList<>();
                List<Double> ly = new ArrayList<>();
                perSecond.forEach((s, h) -> {
                    lx.add((double) s);
                    ly.add(h.getValueAtPercentile(pct) / 1000.0);
                });
                if (!lx.isEmpty()) {
                    lat.addSeries(String.format(Locale.ROOT, "p%.0f", pct), lx, ly).setMarker(SeriesMarkers.CIRCLE);
                }
            }
            markPhases(lat, p.getProperty(target + "_phases", ""));
            String latFile = "signin-latency-" + target + ".png";
            BitmapEncoder.saveBitmap(lat, dir.resolve(latFile).toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(latFile);

            Path rssFile = dir.resolve(target + "-rss.csv");
            if (Files.exists(rssFile)) {
                List<Double> rx = new ArrayList<>();
                List<Double> ry = new ArrayList<>();
                List<String> lines = Files.readAllLines(rssFile);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    rx.add(Long.parseLong(f[0]) / 1000.0);
                    ry.add(Long.parseLong(f[1]) / 1024.0);
                }
                if (!rx.isEmpty()) {
                    rss.addSeries(NAMES.get(target), rx, ry);
                }
            }
        }
        if (raw > 0 && maxT > 0) {
            XYSeries ceiling = tput.addSeries(String.format(Locale.ROOT, "raw Argon2id ceiling (%.1f hashes/s)", raw), List.of(0.0, maxT), List.of(raw, raw));
            ceiling.setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f))
                    .setLineColor(Color.RED);
            XYSeries target85 = tput.addSeries("0.85 x ceiling", List.of(0.0, maxT), List.of(0.85 * raw, 0.85 * raw));
            target85.setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f))
                    .setLineColor(Color.GRAY);
        }
        if (!tput.getSeriesMap().isEmpty()) {
            markPhases(tput, p.getProperty("portal_phases", ""));
            BitmapEncoder.saveBitmap(tput, dir.resolve("signin-throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(0, "signin-throughput.png");
        }
        if (!rss.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(rss, dir.resolve("rss.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add("rss.png");
        }
        String table = table(p, raw);
        Files.writeString(dir.resolve("table.md"), table + "\nPlots: " + String.join(", ", written) + "\n");
        System.out.println(table);
        System.out.println("Plots written to " + dir + ": " + String.join(", ", written));
    }

    /** Phase boundaries as thin vertical lines with their names, so the plot reads without the log. */
    private static void markPhases(XYChart chart, String phases) {
        for (String ph : phases.split(" ")) {
            String[] f = ph.split(":");
            if (f.length == 3) {
                double start = Long.parseLong(f[1]) / 1000.0;
                chart.addAnnotation(new org.knowm.xchart.AnnotationLine(start, true, false));
                chart.addAnnotation(new org.knowm.xchart.AnnotationText(f[0], start + 1, 0, false));
            }
        }
    }

    static String table(Properties p, double raw) {
        boolean kc = p.containsKey("keycloak_closed_rate");
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | certportal").append(kc ? " | Keycloak 26.5.6" : "").append(" |\n");
        sb.append("|---|---").append(kc ? "|---" : "").append("|\n");
        row(sb, kc, "Argon2id cost", p.getProperty("portal_cost", "?"), p.getProperty("keycloak_cost", "?"));
        row(sb, kc, "raw Argon2id, 1 thread (hashes/s, before / after load)", f2(p, "raw_before_rate_1") + " / " + f2(p, "raw_after_rate_1"), "same machine");
        row(sb, kc, "raw Argon2id, all cores (hashes/s, before / after load)", f2(p, "raw_before_rate_all") + " / " + f2(p, "raw_after_rate_all"), "same machine");
        row(sb, kc, "raw Argon2id right after the closed loop, 1 thread / all cores (hashes/s)",
                f2(p, "raw_portal_window_rate_1") + " / " + f2(p, "raw_portal_window_rate_all"),
                f2(p, "raw_keycloak_window_rate_1") + " / " + f2(p, "raw_keycloak_window_rate_all"));
        row(sb, kc, "JIT of the raw measurement (see Argon2Jit)", p.getProperty("raw_before_jit", "?"), "same");
        row(sb, kc, "best raw rate of the whole run (strict ceiling)", fmt(raw), fmt(raw));
        String c = p.getProperty("portal_concurrency", "?");
        row(sb, kc, "sign-ins/s at " + c + " concurrent browsers", f2(p, "portal_closed_rate"), f2(p, "keycloak_closed_rate"));
        row(sb, kc, "ratio sign-ins/s / raw rate right after the closed loop", ratio(p, "portal_closed_rate", d(p, "raw_portal_window_best")),
                ratio(p, "keycloak_closed_rate", d(p, "raw_keycloak_window_best")));
        row(sb, kc, "ratio sign-ins/s / best raw rate of the whole run", ratio(p, "portal_closed_rate", raw), ratio(p, "keycloak_closed_rate", raw));
        row(sb, kc, "latency p50 / p95 / p99 (ms), closed loop", lat(p, "portal_closed"), lat(p, "keycloak_closed"));
        row(sb, kc, "credential POST p50 / p99 (ms), closed loop", f0(p, "portal_closed_post_p50_ms") + " / " + f0(p, "portal_closed_post_p99_ms"),
                f0(p, "keycloak_closed_post_p50_ms") + " / " + f0(p, "keycloak_closed_post_p99_ms"));
        row(sb, kc, "errors, closed loop", p.getProperty("portal_closed_errors", "?"), p.getProperty("keycloak_closed_errors", "?"));
        double hashMs = minPositive(d(p, "raw_before_cpu_ms_per_hash_1"), d(p, "raw_after_cpu_ms_per_hash_1"));
        row(sb, kc, "raw Argon2id CPU time per hash, 1 thread (ms, best of before / after)", fmt(hashMs), fmt(hashMs));
        row(sb, kc, "server CPU per sign-in (ms)",
                f0(p, "portal_closed_server_cpu_ms_per_signin"), f0(p, "keycloak_closed_server_cpu_ms_per_signin"));
        row(sb, kc, "of which the server's JIT compiler threads (ms; above 1, the warm-up was not over)",
                f1(p, "portal_closed_jit_cpu_ms_per_signin"), f1(p, "keycloak_closed_jit_cpu_ms_per_signin"));
        row(sb, kc, "inside the server: hashes per sign-in; wall ms per hash; ms queued for a hashing slot",
                f2(p, "portal_closed_hashes_per_signin") + "; " + f1(p, "portal_closed_hash_wall_ms") + "; " + f1(p, "portal_closed_hash_queue_ms"), "not exposed");
        row(sb, kc, "load generator CPU per sign-in (ms)", f0(p, "portal_closed_client_cpu_ms_per_signin"), f0(p, "keycloak_closed_client_cpu_ms_per_signin"));
        row(sb, kc, "CPU efficiency: hash CPU / (server + load generator CPU) per sign-in, raw hash CPU", cpuRatio(p, "portal", hashMs),
                cpuRatio(p, "keycloak", hashMs));
        double inServer = d(p, "portal_closed_hash_cpu_ms") * d(p, "portal_closed_hashes_per_signin");
        row(sb, kc, "the same with the hash CPU measured inside the server in the same window (ms per sign-in)",
                inServer <= 0 ? "?" : fmt(inServer) + ": " + cpuRatio(p, "portal", inServer), "not exposed");
        row(sb, kc, "hash CPU inside the server per 10 s interval, min / median / max (ms): whole load; closed loop (the machine's own drift)",
                p.getProperty("portal_hash_cpu_ms_10s_load", "?") + "; " + p.getProperty("portal_hash_cpu_ms_10s_window", "?"), "not exposed");
        row(sb, kc, "share of the machine's CPU time: server / load generator", pct(p, "portal_closed_server_cpu_share") + " / " + pct(p, "portal_closed_client_cpu_share"),
                pct(p, "keycloak_closed_server_cpu_share") + " / " + pct(p, "keycloak_closed_client_cpu_share"));
        row(sb, kc, "the VM's cores in the closed loop: idle / stolen by the hypervisor (above a few %, the host was busy and the ratios mean little)",
                pct(p, "portal_closed_idle_share") + " / " + pct(p, "portal_closed_steal_share"),
                pct(p, "keycloak_closed_idle_share") + " / " + pct(p, "keycloak_closed_steal_share"));
        for (String r : p.getProperty("portal_open_rates", "").split(",")) {
            if (r.isBlank()) {
                continue;
            }
            String ph = "open" + r;
            row(sb, kc, "arrivals " + r + "/s: achieved/s, p50 / p95 / p99 (ms), errors",
                    f2(p, "portal_" + ph + "_rate") + "; " + lat(p, "portal_" + ph) + "; " + p.getProperty("portal_" + ph + "_errors", "?"),
                    p.containsKey("keycloak_" + ph + "_rate")
                            ? f2(p, "keycloak_" + ph + "_rate") + "; " + lat(p, "keycloak_" + ph) + "; " + p.getProperty("keycloak_" + ph + "_errors", "?") : "n/a");
        }
        row(sb, kc, "start: process start to first served login page (s)", f2s(p, "portal_start_ms"), f2s(p, "keycloak_start_ms"));
        row(sb, kc, "RSS idle (MiB)", mib(p, "portal_rss_idle_kib"), mib(p, "keycloak_rss_idle_kib"));
        row(sb, kc, "RSS loaded, max during sign-in load (MiB)", mib(p, "portal_rss_loaded_kib"), mib(p, "keycloak_rss_loaded_kib"));
        if (p.containsKey("forgot_rate")) {
            row(sb, kc, "/forgot-password submissions/s at " + p.getProperty("forgot_concurrency") + " concurrent (p50 / p99 ms)",
                    f2(p, "forgot_rate") + " (" + f0(p, "forgot_p50_ms") + " / " + f0(p, "forgot_p99_ms") + "), " + p.getProperty("forgot_errors") + " errors", "not measured");
            row(sb, kc, "outbox: emails delivered / expected, drain after the last request (s)",
                    p.getProperty("forgot_emails_received") + " / " + p.getProperty("forgot_emails_expected") + ", " + f2(p, "forgot_drain_s") + " s", "not measured");
            row(sb, kc, "outbox delivery rate (emails/s, from first request to drained)", f2(p, "forgot_delivery_rate"), "not measured");
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, boolean kc, String name, String a, String b) {
        sb.append("| ").append(name).append(" | ").append(a);
        if (kc) {
            sb.append(" | ").append(b);
        }
        sb.append(" |\n");
    }

    private static double d(Properties p, String k) {
        String v = p.getProperty(k);
        return v == null ? -1 : Double.parseDouble(v);
    }

    private static String fmt(double v) {
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f2(Properties p, String k) {
        return fmt(d(p, k));
    }

    private static String f1(Properties p, String k) {
        double v = d(p, k);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f0(Properties p, String k) {
        double v = d(p, k);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f2s(Properties p, String k) {
        double v = d(p, k);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v / 1000);
    }

    /** The best raw rate measured in the run, before, between and after the loads. */
    static double bestRaw(Properties p) {
        double best = -1;
        for (String prefix : new String[] {"raw_before", "raw_portal_window", "raw_keycloak_window", "raw_after"}) {
            best = Math.max(best, d(p, prefix + "_best"));
        }
        return best;
    }

    private static double minPositive(double a, double b) {
        return a <= 0 ? b : b <= 0 ? a : Math.min(a, b);
    }

    /** The ratio seen as CPU time: what a sign-in costs against a bare hash (still sensitive to co-running load: Argon2 is memory-bound). */
    private static String cpuRatio(Properties p, String target, double hashMs) {
        double s = d(p, target + "_closed_server_cpu_ms_per_signin");
        double c = d(p, target + "_closed_client_cpu_ms_per_signin");
        return s <= 0 || c < 0 || hashMs <= 0 ? "?" : String.format(Locale.ROOT, "%.3f (server alone %.3f)", hashMs / (s + c), hashMs / s);
    }

    private static String pct(Properties p, String k) {
        double v = d(p, k);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String mib(Properties p, String k) {
        double v = d(p, k);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.0f", v / 1024);
    }

    private static String ratio(Properties p, String k, double raw) {
        double v = d(p, k);
        return v < 0 || raw <= 0 ? "?" : String.format(Locale.ROOT, "%.3f", v / raw);
    }

    private static String lat(Properties p, String prefix) {
        return f0(p, prefix + "_p50_ms") + " / " + f0(p, prefix + "_p95_ms") + " / " + f0(p, prefix + "_p99_ms");
    }

}
