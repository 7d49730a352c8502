#!/usr/bin/env python3
"""Turns one bench/run.sh result directory into the markdown summary (medians of the runs).

Usage: summarize.py bench/results/<stamp>
"""
import glob
import json
import os
import re
import statistics
import sys

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(path):
    text = open(path).read()
    out = {"file": os.path.basename(path)}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else float("nan")
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        out[f"p{pct}"] = float(m.group(1)) * UNITS_MS[m.group(2)] if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:(.*)", text)
    out["socket_errors"] = m.group(1).strip() if m else ""
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"server_cpu_ticks: (\d+) clk_tck: (\d+)", text)
    out["cpu_us"] = (int(m.group(1)) / int(m.group(2)) * 1e6 / out["requests"]
                     if m and out["requests"] else float("nan"))
    m = re.search(r"client_cpu_seconds: ([\d.]+) ([\d.]+)", text)
    out["client_cpu_us"] = ((float(m.group(1)) + float(m.group(2))) * 1e6 / out["requests"]
                            if m and out["requests"] else float("nan"))
    return out


def median_of(runs, key):
    return statistics.median(r[key] for r in runs) if runs else float("nan")


def wrk_scenario(outdir, name):
    files = sorted(glob.glob(os.path.join(outdir, f"wrk-{name}-*.txt")))
    return [parse_wrk(f) for f in files]


def fmt_ms(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def bench_medians(path):
    """{run_name: benchmark entry} for the median aggregates of a Google Benchmark JSON file."""
    if not os.path.exists(path):
        return {}
    data = json.load(open(path))
    out = {}
    for b in data.get("benchmarks", []):
        if b.get("aggregate_name") == "median":
            out[b["run_name"]] = b
    return out


def main():
    outdir = sys.argv[1]
    lines = []
    machine = open(os.path.join(outdir, "machine.txt")).read().strip().splitlines()
    info = dict(l.split(": ", 1) for l in machine if ": " in l)
    orgs = dict(l.split(": ", 1) for l in open(os.path.join(outdir, "orgs.txt")).read().splitlines())
    servers_path = os.path.join(outdir, "servers.txt")
    servers = (dict(l.split(": ", 1) for l in open(servers_path).read().splitlines() if ": " in l)
               if os.path.exists(servers_path) else {})
    # Runs before the comparison variant was renamed called it "tuned".
    cmp_flags = orgs.get("compare_flags", orgs.get("tuned_flags", "second server"))

    lines.append(f"## zhdj benchmark {info.get('date_utc', '')} ({info.get('git', '')})")
    lines.append("")
    lines.append(f"{info.get('nproc')} cores, {info.get('cpu')}, {info.get('mem')}; "
                 f"load average at start {info.get('loadavg_start')}, at end {info.get('loadavg_end', '?')}")
    lines.append("")
    if servers:
        for name, label in (("zhdj", "default flags"), ("zhdj-compare", cmp_flags)):
            if f"{name}_threads" in servers:
                lines.append(f"- zhdj, {label}: {servers[name + '_threads']} threads in the process, "
                             f"{servers.get(name + '_db_readers', '?')} reader connections")
        lines.append("")

    zhdj = wrk_scenario(outdir, "zhdj-orgs")
    tuned = wrk_scenario(outdir, "zhdjcmp-orgs") or wrk_scenario(outdir, "zhdjtuned-orgs")
    nginx = wrk_scenario(outdir, "nginx-static")
    login = wrk_scenario(outdir, "zhdj-login")
    lines.append(f"### HTTP (wrk -t2, medians of {len(zhdj)} runs; body {orgs['body_bytes']} bytes, "
                 f"{orgs['orgs']} orgs)")
    lines.append("")
    lines.append("| scenario | conns | requests/s | p50 ms | p99 ms | server CPU µs/request | "
                 "wrk CPU µs/request | runs (requests/s) | non-2xx |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    rows = [("zhdj GET /api/v1/orgs (demo-college), default flags", 64, zhdj)]
    if tuned:
        rows.append((f"zhdj GET /api/v1/orgs, {cmp_flags}", 64, tuned))
    rows += [("nginx static file, same bytes", 64, nginx),
             ("zhdj POST /api/v1/auth/login (demo-member)", 8, login)]
    for label, conns, runs in rows:
        if not runs:
            continue
        lines.append(
            f"| {label} | {conns} | {median_of(runs, 'rps'):,.0f} | {fmt_ms(median_of(runs, 'p50'))} | "
            f"{fmt_ms(median_of(runs, 'p99'))} | {median_of(runs, 'cpu_us'):,.0f} | "
            f"{median_of(runs, 'client_cpu_us'):,.1f} | "
            f"{', '.join(format(r['rps'], ',.0f') for r in runs)} | "
            f"{sum(r['non2xx'] for r in runs)} |")
    if zhdj and nginx:
        ratio = median_of(zhdj, "rps") / median_of(nginx, "rps")
        verdict = "met" if ratio >= 0.25 else "NOT met"
        lines.append("")
        lines.append(f"zhdj (default flags) / nginx requests/s at 64 connections: **{ratio:.1%}** "
                     f"(target ≥ 25%: {verdict})")
        if tuned:
            lines.append(f"zhdj ({cmp_flags}) / nginx: "
                         f"{median_of(tuned, 'rps') / median_of(nginx, 'rps'):.1%}")
        # Load-independent estimate: if server + wrk saturate the cores, requests/s is inversely
        # proportional to (server + client) CPU per request.
        def cost(runs):
            return median_of(runs, "cpu_us") + median_of(runs, "client_cpu_us")
        est = cost(nginx) / cost(zhdj)
        if est == est:  # not NaN
            lines.append("")
            lines.append(f"Estimate from CPU per request (server + wrk), independent of background "
                         f"load: zhdj default {est:.1%} of nginx"
                         + (f", {cmp_flags} {cost(nginx) / cost(tuned):.1%}" if tuned else ""))
    lines.append("")

    burst = [("default flags", wrk_scenario(outdir, "zhdj-orgsburst")),
             (cmp_flags, wrk_scenario(outdir, "zhdjcmp-orgsburst"))]
    if any(runs for _, runs in burst):
        lines.append(f"### GET /api/v1/orgs (wrk -t1 -c8) while 16 logins are in flight "
                     f"(medians of {len(burst[0][1])} runs)")
        lines.append("")
        lines.append("| zhdj | orgs requests/s | orgs p50 ms | orgs p99 ms | runs (orgs requests/s) | "
                     "logins/s meanwhile | login p50 ms | non-2xx |")
        lines.append("|---|---:|---:|---:|---|---:|---:|---:|")
        for label, runs in burst:
            if not runs:
                continue
            logins = [parse_wrk(os.path.join(outdir, "wrkbg-" + r["file"][len("wrk-"):]
                                             .replace(".txt", "-logins.txt")))
                      for r in runs]
            # The login wrk runs 2 s longer than the measured one; its rate is over its own span.
            lines.append(
                f"| {label} | {median_of(runs, 'rps'):,.0f} | {fmt_ms(median_of(runs, 'p50'))} | "
                f"{fmt_ms(median_of(runs, 'p99'))} | "
                f"{', '.join(format(r['rps'], ',.0f') for r in runs)} | "
                f"{median_of(logins, 'rps'):,.0f} | {fmt_ms(median_of(logins, 'p50'))} | "
                f"{sum(r['non2xx'] for r in runs + logins)} |")
        lines.append("")

    db = bench_medians(os.path.join(outdir, "bench_db_writes.json"))
    if db:
        lines.append("### Durable single-row writes (bench_db_writes, median of 3 repetitions)")
        lines.append("")
        for k in ("fsync_probe_before", "fsync_probe_after"):
            if k in info:
                lines.append(f"- {k.replace('_', ' ')}: {info[k]}")
        lines.append("")
        lines.append("| threads | SQLite group commit writes/s | writes per commit | "
                     "SQLite one tx per write writes/s | group / one-tx | PostgreSQL writes/s |")
        lines.append("|---:|---:|---:|---:|---:|---:|")
        for n in (1, 8, 32, 64):
            def get(prefix):
                for k, v in db.items():
                    if k.startswith(prefix) and k.endswith(f"/threads:{n}"):
                        return v
                return None
            g = get("SQLite/group_commit")
            o = get("SQLite/one_tx")
            p = get(f"Postgres/pool:{n}/")
            gi = g["items_per_second"] if g else float("nan")
            oi = o["items_per_second"] if o else float("nan")
            lines.append(
                f"| {n} | {gi:,.0f} | {g.get('writes_per_commit', float('nan')) if g else float('nan'):.1f} | "
                f"{oi:,.0f} | {gi / oi:.1f}× | "
                f"{format(p['items_per_second'], ',.0f') if p else 'skipped'} |")
        lines.append("")

    pw = bench_medians(os.path.join(outdir, "bench_password.json"))
    if pw:
        lines.append("### argon2id, t=2, m=19 MiB (bench_password, median of 3 repetitions)")
        lines.append("")
        lines.append("| operation | threads | ms per hash (as a caller sees it) | hashes/s (all threads) |")
        lines.append("|---|---:|---:|---:|")
        for op in ("Hash", "Verify"):
            for n in (1, 2):
                for k, v in pw.items():
                    if k.startswith(f"BM_Argon2id{op}/") and k.endswith(f"/threads:{n}"):
                        lines.append(f"| {op.lower()} | {n} | {v['ms_per_hash']:.1f} | "
                                     f"{v['items_per_second']:.1f} |")
        lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
