#!/usr/bin/env python3
"""Tables for bench/RESULTS.md from bench/efficiency runs.

  efficiency-summary.py RESULTS.properties MINUTES.csv    one run, every minute
  efficiency-summary.py --compare DIR...                  several runs side by side: minutes 1, 2 and 10

The limit is the reference C library's CPU per hash: the median of the hashes measured before and after
the load, with one thread per CPU the run had (the portal hashes on all of them under load, so the limit is
measured in the same state); the 1-thread figure is given too. Ratio = limit / portal CPU per sign-in.
"""
import csv
import os
import statistics
import sys


def props(path):
    p = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                p[k] = v
    return p


def limits(p):
    """{"1t": (mean, [before, after]), "nt": (...)}: nt = one thread per CPU of the run (= 1t on one CPU)."""
    n = p.get("cpus", "1 (1").split("(")[1].split()[0]
    out = {}
    for kind, threads in (("1t", "1t"), ("nt", n + "t")):
        vals = [float(p[k]) for k in (f"limit_before_{threads}_cpu_ms_median", f"limit_after_{threads}_cpu_ms_median") if k in p]
        out[kind] = (statistics.mean(vals) if vals else float("nan"), vals)
    return out


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def one(props_path, csv_path):
    p = props(props_path)
    lim = limits(p)
    nt, nt_vals = lim["nt"]
    one_t, one_vals = lim["1t"]
    print(f"Run: `{p.get('command')}` at {p.get('commit')}, {p.get('started_at')} to {p.get('finished_at')}; "
          f"{p.get('impl')}, Argon2id {p.get('cost')}, CPUs {p.get('cpus')}, {p.get('concurrency')} browsers; "
          f"portal served /login after {p.get('portal_start_ms')} ms; load average before {p.get('load_before')}, after {p.get('load_after')}.")
    print(f"Portal log: {p.get('portal_says')}")
    print(f"libargon2 CPU per hash (medians before / after the load): one thread per CPU "
          f"{' / '.join('%.1f' % v for v in nt_vals)} ms -> limit {nt:.1f} ms; 1 thread {' / '.join('%.1f' % v for v in one_vals)} ms "
          f"(load {p.get('limit_before_load')} / {p.get('limit_after_load')}).")
    print()
    print("| minute | sign-ins/s | errors | portal CPU ms per sign-in | of which JIT ms | ratio limit / CPU | p50 / p99 ms | RSS MiB | load 1/5/15 | steal |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows(csv_path):
        cpu = float(r["cpu_ms_per_signin"])
        signins = int(r["signins"]) or 1
        print(f"| {r['minute']} | {float(r['signins_per_s']):.2f} | {r['errors']} | {cpu:.1f} | {int(r['jit_cpu_ms']) / signins:.1f} | "
              f"{nt / cpu:.3f} | {r['p50_ms']} / {r['p99_ms']} | {int(r['rss_kib']) // 1024} | {r['load1']} / {r['load5']} / {r['load15']} | {float(r['steal_share']):.3f} |")


def compare(dirs):
    print("| implementation | cost | CPUs | limit: libargon2 CPU ms per hash | minute | sign-ins/s | portal CPU ms per sign-in | ratio | errors | load 1-min |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for d in dirs:
        p = props(os.path.join(d, "results.properties"))
        nt = limits(p)["nt"][0]
        rs = {r["minute"]: r for r in rows(os.path.join(d, "minutes.csv"))}
        for m in ("1", "2", "10"):
            if m not in rs:
                continue
            r = rs[m]
            cpu = float(r["cpu_ms_per_signin"])
            print(f"| {p.get('impl')} | {p.get('cost')} | {p.get('cpus')} | {nt:.1f} | {m} | {float(r['signins_per_s']):.2f} | {cpu:.1f} | "
                  f"**{nt / cpu:.3f}** | {r['errors']} | {r['load1']} |")


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(sys.argv[2:])
    else:
        one(sys.argv[1], sys.argv[2])
