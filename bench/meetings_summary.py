#!/usr/bin/env python3
"""Turns one bench/meetings.sh result directory into the markdown summary (medians of the runs).

Usage: meetings_summary.py bench/results/meetings-<stamp>
"""
import glob
import json
import os
import re
import statistics
import sys

from results_lib import fmt, keyed, med, parse_wrk, resources


def parse_checkin(prefix):
    """checkin-<pattern>-<target>-<i>.json (the phones) with the .txt next to it (resources)."""
    s = json.load(open(prefix + ".json"))["summary"]
    # Per phone: the session GET, the check-in and the display polls all count as server work.
    res = resources(prefix + ".txt", s["wall_s"], s["n"])
    return {
        "n": s["n"], "ok": s["ok"], "errors": s["errors"], "present": s["present"], "expected": s["expected"],
        "p50": s["checkin"]["p50"], "p95": s["checkin"]["p95"], "p99": s["checkin"]["p99"],
        "max": s["checkin"]["max"], "flow_p50": s["flow"]["p50"], "flow_p95": s["flow"]["p95"],
        "flow_max": s["flow"]["max"], "session_p50": s["session"]["p50"],
        "display_p50": s["display"]["p50"], "display_max": s["display"]["max"], "display_n": s["display"]["n"],
        "wall_s": s["wall_s"], "lag_max_ms": s["lag_max_ms"], "error_samples": s["error_samples"], **res,
    }


def ratio(a, b):
    return f"{a / b:,.1f}×" if b and b == b and a == a else "—"


def checkin_section(outdir, machine, lines):
    demo = keyed(os.path.join(outdir, "checkin-demo.txt"))
    people = open(os.path.join(outdir, "checkin-people.txt")).read() if os.path.exists(
        os.path.join(outdir, "checkin-people.txt")) else ""
    logins = re.findall(r"^logins: (.*)$", people, re.M)
    n = machine.get("checkin_people", "500")
    spread = machine.get("checkin_seconds", "60")
    conc = machine.get("checkin_concurrency", "50")
    lines.append(f"### Check-in: {n} members, one meeting")
    lines.append("")
    lines.append(f"Database: `zhdj demo {demo.get('demo_args', '')}` ({demo.get('demo_seconds')} s, "
                 f"{int(demo.get('db_bytes', 0)) / 1048576:.1f} MiB; orgs {demo.get('orgs', '')}). "
                 f"Meeting: `activity` at {demo.get('college_name')} ({demo.get('college_people')} people), "
                 f"{n} attendees, a plain member as host, starting when created; a fresh meeting per "
                 f"scenario and run. Logins before the runs: {logins[-1] if logins else '?'}.")
    lines.append("")
    lines.append("Per phone: a new connection, GET /auth/session, then POST /meetings/{id}/checkin on it. "
                 "**check-in** = the POST alone; **flow** = connect + session + check-in. Big screen: "
                 "GET /checkin-display every 2 s as the host. nginx: the same client, phones and pacing, "
                 "three GETs of static files of the same sizes.")
    lines.append("")
    lines.append("| scenario | server | ok / present | check-in p50 ms | p95 ms | p99 ms | max ms | "
                 "p95 runs | flow p50 ms | flow p95 ms | big screen p50 / max ms | wall s | "
                 "server CPU ms per phone | commits / writes | other load (cores) |")
    lines.append("|---|---|---|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---|---:|")
    ratios, errors = [], []
    for pattern in machine.get("checkin_patterns", "uniform burst").split():
        label = (f"uniform, {n} over {spread} s" if pattern == "uniform" else
                 f"Poisson, {n} in {spread} s" if pattern == "poisson" else
                 f"burst, {n} at once, {conc} in flight")
        per = {}
        for target in ("zhdj", "nginx"):
            files = sorted(glob.glob(os.path.join(outdir, f"checkin-{pattern}-{target}-*.json")),
                           key=lambda f: int(re.search(r"-(\d+)\.json$", f).group(1)))
            runs = [parse_checkin(f[:-5]) for f in files]
            per[target] = runs
            if not runs:
                continue
            okp = (f"{sum(r['ok'] for r in runs)}/{sum(r['n'] for r in runs)}"
                   + (f" / {', '.join(str(r['present']) for r in runs)}" if target == "zhdj" else ""))
            errs = sum(r["errors"] for r in runs)
            lines.append(
                f"| {label} | {target} | {okp}{f' (**{errs} errors**)' if errs else ''} | "
                f"{fmt(med(runs, 'p50'), 2)} | {fmt(med(runs, 'p95'), 2)} | {fmt(med(runs, 'p99'), 2)} | "
                f"{fmt(med(runs, 'max'), 2)} | {', '.join(fmt(r['p95'], 1) for r in runs)} | "
                f"{fmt(med(runs, 'flow_p50'), 2)} | {fmt(med(runs, 'flow_p95'), 2)} | "
                f"{fmt(med(runs, 'display_p50'), 2)} / {fmt(med(runs, 'display_max'), 1)} | "
                f"{fmt(med(runs, 'wall_s'), 2)} | {fmt(med(runs, 'server_ms_per_request'), 2)} | "
                f"{fmt(med(runs, 'db_commits'), 0)} / {fmt(med(runs, 'db_writes'), 0)} | "
                f"{fmt(med(runs, 'other_cores'), 2)} |")
        if per.get("zhdj") and per.get("nginx"):
            z, g = per["zhdj"], per["nginx"]
            ratios.append(f"{label}: check-in p50 {ratio(med(z, 'p50'), med(g, 'p50'))}, "
                          f"p95 {ratio(med(z, 'p95'), med(g, 'p95'))}, "
                          f"flow p95 {ratio(med(z, 'flow_p95'), med(g, 'flow_p95'))} nginx's")
            samples = [e for r in z for e in r["error_samples"]][:2]
            if samples:
                errors.append(f"{label}: " + " | ".join(f"`{e[:160]}`" for e in samples))
    lines.append("")
    lags = [r["lag_max_ms"] for f in glob.glob(os.path.join(outdir, "checkin-*-*-*.json"))
            for r in [parse_checkin(f[:-5])] if "poisson" in f or "uniform" in f]
    if lags:
        lines.append(f"The paced client started a phone up to {max(lags):.0f} ms late (timer lag; "
                     f"median of the runs' maxima {statistics.median(lags):.0f} ms): the machine's own noise.")
        lines.append("")
    if ratios:
        lines.append("Ratios (zhdj / nginx, medians of the runs): " + "; ".join(ratios) + ".")
        lines.append("")
    for e in errors:
        lines.append(f"Failed check-ins, first of them: {e}")
        lines.append("")
    creates = []
    for f in glob.glob(os.path.join(outdir, "checkin-*-meeting.txt")):
        m = re.search(r"seconds=([\d.]+)", open(f).read())
        if m:
            creates.append(float(m.group(1)))
    if creates:
        lines.append(f"Creating and publishing a meeting with {n} attendees (POST /meetings, one "
                     f"notification per attendee): median {statistics.median(creates):.2f} s "
                     f"({min(creates):.2f}–{max(creates):.2f}, {len(creates)} meetings).")
        lines.append("")


def compliance_section(outdir, machine, lines):
    demo = keyed(os.path.join(outdir, "compliance-demo.txt"))
    queries = [l.split("|") for l in open(os.path.join(outdir, "compliance-queries.txt")).read().splitlines()]
    lines.append(f"### Compliance roll-up: wrk -t1 -c1, {machine.get('duration_s')} s per run, medians of the runs")
    lines.append("")
    lines.append(f"Database: `zhdj demo {demo.get('demo_args', '')}` in {demo.get('demo_seconds')} s "
                 f"(CPU {demo.get('demo_cpu_seconds')} user/system s, max RSS "
                 f"{int(demo.get('demo_max_rss_kib', 0)) / 1024:.0f} MiB), "
                 f"{int(demo.get('db_bytes', 0)) / 1048576:.1f} MiB; {demo.get('members')} members; "
                 f"orgs {demo.get('orgs')}; meetings {demo.get('meetings')} "
                 f"({demo.get('meeting_dates')}), {demo.get('meeting_attendees')} attendee rows.")
    lines.append("")
    lines.append("| query | body bytes | orgs judged | obligations | meetings held | requests/s | p50 ms | "
                 "p95 ms | p99 ms | p95 runs | server CPU ms/request | other load (cores) | p50 vs nginx |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    ref = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(outdir, "compliance-wrk-nginx_static-*.txt")))]
    for name, path, size, summary in queries:
        runs = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(outdir, f"compliance-wrk-{name}-*.txt")))]
        if not runs:
            continue
        s = dict(kv.split("=", 1) for kv in summary.split(" ") if "=" in kv)
        bad = sum(r["non2xx"] + r["errors"] for r in runs)
        lines.append(
            f"| `{path.split('/api/v1', 1)[1]}` | {int(size):,} | {s.get('orgs')} | {s.get('obligations')} | "
            f"{s.get('meetings_held')} | {fmt(med(runs, 'rps'), 1)} | {fmt(med(runs, 'p50_ms'), 2)} | "
            f"{fmt(med(runs, 'p95_ms'), 2)} | {fmt(med(runs, 'p99_ms'), 2)} | "
            f"{', '.join(fmt(r['p95_ms'], 1) for r in runs)} | {fmt(med(runs, 'server_ms_per_request'), 2)} | "
            f"{fmt(med(runs, 'other_cores'), 2)} | "
            f"{ratio(med(runs, 'p50_ms'), med(ref, 'p50_ms')) if ref else '—'}"
            f"{f' ({bad} errors)' if bad else ''} |")
    if ref:
        size = os.path.getsize(os.path.join(outdir, "compliance-body-university_year.json"))
        lines.append(
            f"| nginx: static copy of the university-year answer | {size:,} | — | — | — | "
            f"{fmt(med(ref, 'rps'), 0)} | {fmt(med(ref, 'p50_ms'), 2)} | {fmt(med(ref, 'p95_ms'), 2)} | "
            f"{fmt(med(ref, 'p99_ms'), 2)} | {', '.join(fmt(r['p95_ms'], 2) for r in ref)} | "
            f"{fmt(med(ref, 'server_ms_per_request'), 3)} | {fmt(med(ref, 'other_cores'), 2)} | 1× |")
    lines.append("")
    plans = os.path.join(outdir, "compliance-plans.md")
    if os.path.exists(plans):
        totals = re.findall(r"^\| (university|college [^|]*) \| ([\d.]+) \|$", open(plans).read(), re.M)
        if totals:
            lines.append("SQLite time of the roll-up's statements, after the run (compliance-plans.md): "
                         + "; ".join(f"{label} {ms} ms" for label, ms in totals) + ".")
            lines.append("")
    trial = os.path.join(outdir, "compliance-index-trial.md")
    if os.path.exists(trial):
        bullets = re.findall(r"^- (.*)$", open(trial).read(), re.M)
        if bullets:
            lines.append("Proposed indexes and scope-first joins (compliance-index-trial.md): "
                         + "; ".join(b.rstrip(".") for b in bullets) + ".")
            lines.append("")


def main():
    outdir = sys.argv[1]
    machine = keyed(os.path.join(outdir, "machine.txt"))
    lines = [f"## zhdj organizational life benchmark {machine.get('date_utc', '')} ({machine.get('git', '')})", ""]
    loads = ", ".join(f"{k[len('loadavg_'):]} {v}" for k, v in machine.items() if k.startswith("loadavg_"))
    lines.append(f"{machine.get('nproc')} cores, {machine.get('cpu')}, {machine.get('mem')}; node "
                 f"{machine.get('node')}, {machine.get('nginx')}, SQLite {machine.get('sqlite')}. "
                 f"{machine.get('runs')} run(s) per scenario. Load average (1/5/15 min): {loads}.")
    if machine.get("rate_limits", "off") != "off":
        lines.append("")
        lines.append("**The server ran with its default rate limits (50 requests/s, burst 200 per address) "
                     "and every phone came from 127.0.0.1: 500 phones behind one address, not a benchmark.**")
    lines.append("")
    if glob.glob(os.path.join(outdir, "checkin-*-zhdj-*.json")):
        checkin_section(outdir, machine, lines)
    if os.path.exists(os.path.join(outdir, "compliance-queries.txt")):
        compliance_section(outdir, machine, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
