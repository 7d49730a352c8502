#!/usr/bin/env python3
"""Markdown table of one bench/sweep.sh result directory (medians of the runs).

Usage: sweep_summary.py bench/results/sweep-<stamp>
"""
import glob
import os
import statistics
import sys

sys.dont_write_bytecode = True  # no bench/__pycache__ from importing summarize
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize import parse_wrk  # noqa: E402


def med(runs, key):
    return statistics.median(r[key] for r in runs) if runs else None


def num(v, fmt):
    return "—" if v is None else format(v, fmt)


def main():
    out = sys.argv[1]
    info = dict(l.split(": ", 1) for l in open(os.path.join(out, "machine.txt")).read().splitlines()
                if ": " in l)
    print(f"## zhdj sweep {info.get('date_utc')} ({info.get('git')}); load average "
          f"{info.get('loadavg_start')} -> {info.get('loadavg_end')}\n")
    print("| variant | threads | -c64 requests/s | p50 ms | p99 ms | server CPU µs/request | runs | "
          "-c8 during login burst: requests/s | p50 ms | p99 ms | logins/s |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    for line in open(os.path.join(out, "variants.txt")).read().splitlines():
        n, label, _flags, _binary, _envs, threads = line.split("|")
        orgs = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(out, f"wrk-v{n}-orgs-*.txt")))]
        burst = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(out, f"wrk-v{n}-burst-*.txt")))]
        logins = [parse_wrk(f) for f in
                  sorted(glob.glob(os.path.join(out, f"wrkbg-v{n}-burst-*-logins.txt")))]
        print(f"| {label} | {threads} | {num(med(orgs, 'rps'), ',.0f')} | "
              f"{num(med(orgs, 'p50'), '.2f')} | {num(med(orgs, 'p99'), '.1f')} | "
              f"{num(med(orgs, 'cpu_us'), '.0f')} | "
              f"{', '.join(format(r['rps'], ',.0f') for r in orgs)} | "
              f"{num(med(burst, 'rps'), ',.0f')} | {num(med(burst, 'p50'), '.2f')} | "
              f"{num(med(burst, 'p99'), '.1f')} | {num(med(logins, 'rps'), ',.0f')} |")


if __name__ == "__main__":
    main()
