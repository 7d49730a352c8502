#!/usr/bin/env python3
"""Turns one bench/registry.sh result directory into the markdown summary (medians of the runs).

Usage: registry_summary.py bench/results/registry-<stamp>
"""
import glob
import os
import re
import statistics
import sys

from results_lib import fmt, keyed, med, parse_wrk

P95_TARGET_MS = 50.0
IMPORT_TARGET_S = 10.0


def list_section(outdir, machine, lines):
    queries = [l.split("|") for l in open(os.path.join(outdir, "queries.txt")).read().splitlines()]
    demo = keyed(os.path.join(outdir, "demo-time.txt"))
    if demo:
        lines.append(f"`zhdj demo` with the members: {demo.get('demo_seconds')} s "
                     f"(CPU {demo.get('demo_cpu_seconds')} user/system s, "
                     f"max RSS {int(demo.get('demo_max_rss_kib', 0)) / 1024:.0f} MiB), "
                     f"database {int(demo.get('db_bytes', 0)) / 1048576:.1f} MiB."
                     + (f" Loaded without the unique index members_id_index (`zhdj demo` repeats ID "
                        f"numbers at this size); ID numbers cleared on "
                        f"{demo.get('demo_repeated_ids_cleared')} people who repeated one."
                        if "demo_workaround" in demo else ""))
        lines.append("")
    for conns in machine.get("connections", "4").split():
        list_table(outdir, machine, queries, conns, lines)


def list_table(outdir, machine, queries, conns, lines):
    threads = 2 if int(conns) >= 2 else 1
    lines.append(f"### List and filter: wrk -t{threads} -c{conns}, "
                 f"{machine.get('duration_s')} s per run, medians of the runs")
    lines.append("")
    lines.append("| query | as | body bytes | total | requests/s | p50 ms | p95 ms | p99 ms | "
                 "p95 runs | server CPU ms/request | other load (cores) | p95 < 50 ms |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")
    over = []
    for name, who, path, size, summary in queries:
        runs = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(outdir, f"wrk-c{conns}-{name}-*.txt")))]
        if not runs:
            continue
        total = re.search(r"total=(\d*)", summary).group(1)
        p95 = med(runs, "p95_ms")
        ok = "yes" if p95 < P95_TARGET_MS else "**no**"
        if p95 >= P95_TARGET_MS:
            over.append(name)
        bad = sum(r["non2xx"] + r["errors"] for r in runs)
        shown = re.sub(r"cursor=[^&]*", "cursor=<page 100>", path.split("/api/v1", 1)[1])
        lines.append(
            f"| `{shown}` | {who} | {int(size):,} | {total or '—'} | "
            f"{fmt(med(runs, 'rps'), 0)} | {fmt(med(runs, 'p50_ms'), 2)} | {fmt(p95, 2)} | "
            f"{fmt(med(runs, 'p99_ms'), 2)} | {', '.join(fmt(r['p95_ms'], 1) for r in runs)} | "
            f"{fmt(med(runs, 'server_ms_per_request'), 2)} | {fmt(med(runs, 'other_cores'), 2)} | "
            f"{ok}{f' ({bad} errors)' if bad else ''} |")
    ref = [parse_wrk(f) for f in sorted(glob.glob(os.path.join(outdir, f"wrk-c{conns}-nginx_static-*.txt")))]
    if ref:
        size = os.path.getsize(os.path.join(outdir, "body-list_name.json"))
        lines.append(
            f"| nginx: static copy of the first page | — | {size:,} | — | {fmt(med(ref, 'rps'), 0)} | "
            f"{fmt(med(ref, 'p50_ms'), 2)} | {fmt(med(ref, 'p95_ms'), 2)} | {fmt(med(ref, 'p99_ms'), 2)} | "
            f"{', '.join(fmt(r['p95_ms'], 1) for r in ref)} | {fmt(med(ref, 'server_ms_per_request'), 3)} | "
            f"{fmt(med(ref, 'other_cores'), 2)} | reference |")
    lines.append("")
    lines.append(f"Over the target at {conns} connection(s): " + (", ".join(over) if over else "none") + ".")
    lines.append("")


def import_section(outdir, lines):
    runs = []
    for i in range(1, 100):
        pre = os.path.join(outdir, f"import-{i}-preview.txt")
        if not os.path.exists(pre):
            break
        p, c, a = (keyed(os.path.join(outdir, f"import-{i}-{k}.txt")) for k in ("preview", "confirm", "again"))
        if not (p and c and a):
            break
        s = keyed(os.path.join(outdir, f"import-{i}-server.txt"))
        runs.append({
            "preview": float(p["seconds"]), "confirm": float(c["seconds"]), "again": float(a["seconds"]),
            "preview_cpu": float(p["server_cpu_seconds"]), "confirm_cpu": float(c["server_cpu_seconds"]),
            "again_cpu": float(a["server_cpu_seconds"]),
            "hwm_mib": int(a["server_vmhwm"].split()[0]) / 1024,
            "hwm_before_mib": int(s.get("server_vmhwm_before", "0 kB").split()[0]) / 1024,
            "busy": (float(p["machine_busy_seconds"]) + float(c["machine_busy_seconds"]))
                    / (float(p["seconds"]) + float(c["seconds"])),
            "upload": int(p["upload_bytes"]), "preview_bytes": int(p["response_bytes"]),
            "loadavg": p.get("loadavg", ""),
        })
        runs[-1]["total"] = runs[-1]["preview"] + runs[-1]["confirm"]
    if not runs:
        return
    roster = keyed(os.path.join(outdir, "roster.txt"))
    lines.append(f"### Import of a {roster.get('rows', '?')}-row roster "
                 f"({int(roster.get('bytes', 0)) / 1048576:.1f} MiB .xlsx, {roster.get('columns')} columns, "
                 f"{roster.get('branches')} branches; generated in {roster.get('gen_seconds')} s)")
    lines.append("")
    lines.append("| run | upload → preview s | confirm s | **total s** | all-unchanged preview s | "
                 "server CPU s (preview / confirm / again) | machine busy (cores) | server VmHWM MiB | "
                 "load avg |")
    lines.append("|---|---:|---:|---:|---:|---|---:|---:|---|")
    for n, r in enumerate(runs, 1):
        lines.append(f"| {n} | {r['preview']:.2f} | {r['confirm']:.2f} | {r['total']:.2f} | {r['again']:.2f} | "
                     f"{r['preview_cpu']:.1f} / {r['confirm_cpu']:.1f} / {r['again_cpu']:.1f} | "
                     f"{r['busy']:.2f} | {r['hwm_mib']:.0f} | {r['loadavg']} |")
    total = med(runs, "total")
    lines.append(f"| **median** | {med(runs, 'preview'):.2f} | {med(runs, 'confirm'):.2f} | **{total:.2f}** | "
                 f"{med(runs, 'again'):.2f} | {med(runs, 'preview_cpu'):.1f} / {med(runs, 'confirm_cpu'):.1f} / "
                 f"{med(runs, 'again_cpu'):.1f} | {med(runs, 'busy'):.2f} | {med(runs, 'hwm_mib'):.0f} | |")
    lines.append("")
    verdict = "met" if total < IMPORT_TARGET_S else "**missed**"
    lines.append(f"Target (< {IMPORT_TARGET_S:.0f} s end to end): {verdict}. Peak RSS before the "
                 f"upload {med(runs, 'hwm_before_mib'):.0f} MiB; preview answer "
                 f"{runs[0]['preview_bytes'] / 1048576:.1f} MiB.")
    lines.append("")


def main():
    outdir = sys.argv[1]
    machine = keyed(os.path.join(outdir, "machine.txt"))
    lines = [f"## zhdj member registry benchmark {machine.get('date_utc', '')} ({machine.get('git', '')})", ""]
    loads = ", ".join(f"{k[len('loadavg_'):]} {v}" for k, v in machine.items() if k.startswith("loadavg_"))
    lines.append(f"{machine.get('nproc')} cores, {machine.get('cpu')}, {machine.get('mem')}. "
                 f"Load average (1/5/15 min): {loads}.")
    lines.append("")
    if os.path.exists(os.path.join(outdir, "queries.txt")):
        list_section(outdir, machine, lines)
    import_section(outdir, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
