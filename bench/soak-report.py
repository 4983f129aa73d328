#!/usr/bin/env python3
"""Summary table and plot of a bench/soak run.

  soak-report.py OUT_DIR RESULTS_DIR

Reads OUT_DIR/soak-minutes.csv and results.properties; prints the markdown summary (for bench/RESULTS.md)
and writes RESULTS_DIR/soak.svg: RSS, p99 per kind of flow, and errors, minute by minute. Plain SVG written
here: no plotting library needed (no PyPI on the bench machines).
"""
import csv
import math
import os
import statistics
import sys

KINDS = [("signin", "sign-in", "#1f77b4"), ("recovery", "recovery (end to end)", "#d62728"),
         ("console", "console visit", "#2ca02c"), ("devmail", "/dev/mail fetch", "#9467bd")]


def num(v):
    try:
        x = float(v)
        return None if math.isnan(x) else x
    except (TypeError, ValueError):
        return None


def slope(xs, ys):
    pts = [(x, y) for x, y in zip(xs, ys) if y is not None]
    if len(pts) < 2:
        return float("nan")
    mx = statistics.mean(p[0] for p in pts)
    my = statistics.mean(p[1] for p in pts)
    d = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / d if d else float("nan")


def props(path):
    p = {}
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                p[k] = v
    return p


def main(out, results):
    rows = list(csv.DictReader(open(os.path.join(out, "soak-minutes.csv"))))
    p = props(os.path.join(out, "results.properties"))
    minutes = [int(r["minute"]) for r in rows]
    rss = [int(r["rss_kib"]) / 1024 for r in rows]
    print(f"Run: `{p.get('command')}` at {p.get('commit')}, {p.get('started_at')} to {p.get('finished_at', '(not finished)')}, "
          f"{len(rows)} minutes; nproc {p.get('nproc')}, {p.get('machine_cpu')}; {p.get('jdk')}; rates: {p.get('rates')}; "
          f"load average before {p.get('load_before')}, after {p.get('load_after', '?')}. Portal: {p.get('portal_says')}; "
          f"served /login after {p.get('portal_start_ms')} ms.")
    print()
    print("| minutes | RSS MiB (min-max) | sign-ins ok / errors | sign-in p50 / p99 ms (worst minute) | recoveries ok / errors | recovery p99 ms (worst) | console ok / errors | console p99 ms (worst) | /dev/mail p99 ms (worst) | portal CPU % of 1 core | load 1-min (max) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for start in range(0, len(rows), 10):
        block = rows[start:start + 10]
        def s(k):
            return sum(int(r[k]) for r in block)
        def med(k):
            v = [num(r[k]) for r in block if num(r[k]) is not None]
            return statistics.median(v) if v else float("nan")
        def worst(k):
            v = [num(r[k]) for r in block if num(r[k]) is not None]
            return max(v) if v else float("nan")
        b_rss = [int(r["rss_kib"]) / 1024 for r in block]
        cpu = sum(int(r["server_cpu_ms"]) for r in block) / (len(block) * 60000) * 100
        print(f"| {block[0]['minute']}-{block[-1]['minute']} | {min(b_rss):.0f}-{max(b_rss):.0f} | {s('signin_ok')} / {s('signin_errors')} | "
              f"{med('signin_p50_ms'):.0f} / {worst('signin_p99_ms'):.0f} | {s('recovery_ok')} / {s('recovery_errors')} | {worst('recovery_p99_ms'):.0f} | "
              f"{s('console_ok')} / {s('console_errors')} | {worst('console_p99_ms'):.0f} | {worst('devmail_p99_ms'):.0f} | {cpu:.0f} | "
              f"{max(float(r['load1']) for r in block):.2f} |")
    print()
    errs = sum(int(r[k + "_errors"]) for r in rows for k, _, _ in KINDS)
    print(f"Trend over the run (least-squares slope per hour): RSS {slope(minutes, rss) * 60:+.0f} MiB/h; "
          + "; ".join(f"{label} p99 {slope(minutes, [num(r[k + '_p99_ms']) for r in rows]) * 60:+.0f} ms/h" for k, label, _ in KINDS)
          + f". Errors in all: {errs}.")
    os.makedirs(results, exist_ok=True)
    write_svg(os.path.join(results, "soak.svg"), rows, p)


def write_svg(path, rows, p):
    W, H, L, R, PH, GAP, TOP = 900, 760, 70, 190, 190, 55, 40
    minutes = [int(r["minute"]) for r in rows]
    xmax = max(minutes + [1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="DejaVu Sans, sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="22" font-size="15">certportal soak: {p.get("started_at", "")} at {p.get("commit", "")}, {p.get("rates", "")}</text>']

    def panel(i, title, unit, series, log=False):
        y0 = TOP + i * (PH + GAP)
        vals = [v for _, _, ys in series for v in ys if v is not None]
        vmax = max(vals + [1]) * 1.1
        vmin = 0
        def X(m):
            return L + (m / xmax) * (W - L - R)
        def Y(v):
            if log:
                lv = math.log10(max(v, 1))
                return y0 + PH - (lv / math.log10(max(vmax, 10))) * PH
            return y0 + PH - (v - vmin) / (vmax - vmin) * PH
        out.append(f'<text x="{L}" y="{y0 - 8}" font-size="13">{title}</text>')
        out.append(f'<rect x="{L}" y="{y0}" width="{W - L - R}" height="{PH}" fill="none" stroke="#999"/>')
        ticks = [1, 10, 100, 1000, 10000, 100000] if log else [vmax * k / 4 for k in range(5)]
        for t in ticks:
            if t > vmax:
                continue
            yy = Y(t)
            out.append(f'<line x1="{L}" x2="{W - R}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#eee"/>')
            out.append(f'<text x="{L - 6}" y="{yy + 4:.1f}" text-anchor="end">{t:.0f}</text>')
        for m in range(0, xmax + 1, 10):
            out.append(f'<text x="{X(m):.1f}" y="{y0 + PH + 15}" text-anchor="middle">{m}</text>')
        out.append(f'<text x="{L - 55}" y="{y0 + PH / 2}" transform="rotate(-90 {L - 55} {y0 + PH / 2})" text-anchor="middle">{unit}</text>')
        for j, (label, color, ys) in enumerate(series):
            pts = " ".join(f"{X(m):.1f},{Y(v):.1f}" for m, v in zip(minutes, ys) if v is not None)
            if pts:
                out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.6"/>')
            out.append(f'<line x1="{W - R + 12}" x2="{W - R + 32}" y1="{y0 + 14 + j * 18}" y2="{y0 + 14 + j * 18}" stroke="{color}" stroke-width="2"/>')
            out.append(f'<text x="{W - R + 38}" y="{y0 + 18 + j * 18}">{label}</text>')

    panel(0, "Resident set size of the portal", "MiB", [("RSS", "#333", [int(r["rss_kib"]) / 1024 for r in rows])])
    panel(1, "p99 latency per minute (log scale), from the intended start", "ms",
          [(label, color, [num(r[k + "_p99_ms"]) for r in rows]) for k, label, color in KINDS], log=True)
    panel(2, "Errors per minute", "errors", [(label, color, [int(r[k + "_errors"]) for r in rows]) for k, label, color in KINDS])
    out.append(f'<text x="{W / 2}" y="{H - 8}" text-anchor="middle">minutes of load</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
