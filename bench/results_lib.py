"""Reading bench/results/ directories: shared by the summary scripts (registry, meetings)."""
import os
import re
import statistics


def keyed(path):
    """`key: value` lines of a file as a dict (later lines win)."""
    out = {}
    if os.path.exists(path):
        for line in open(path).read().splitlines():
            if ": " in line:
                k, v = line.split(": ", 1)
                out[k.strip()] = v.strip()
    return out


def resources(path, seconds, requests):
    """Server CPU per request, other load (cores) and database commits from a measured() file."""
    text = open(path).read()
    info = keyed(path)
    clk = int(re.search(r"clk_tck: (\d+)", text).group(1))
    server_ticks = int(re.search(r"server_cpu_ticks: (\d+)", text).group(1))
    client = re.search(r"client_cpu_seconds: ([\d.]+) ([\d.]+)", text)
    client_s = float(client.group(1)) + float(client.group(2)) if client else 0.0
    busy_s = int(info.get("machine_busy_ticks", "0")) / clk
    commits = re.search(r"db_commits: (-?\d+) db_writes: (-?\d+)", text)
    return {
        "server_ms_per_request": server_ticks / clk * 1000 / requests if requests else float("nan"),
        "server_cores": server_ticks / clk / seconds if seconds else float("nan"),
        "client_cores": client_s / seconds if seconds else float("nan"),
        # CPU (in cores) that neither the measured server nor the client used: other work.
        "other_cores": max(0.0, busy_s - server_ticks / clk - client_s) / seconds if seconds else float("nan"),
        "db_commits": int(commits.group(1)) if commits else 0,
        "db_writes": int(commits.group(2)) if commits else 0,
        "loadavg": info.get("loadavg", ""),
        "exit_status": int(info.get("exit_status", "0")),
    }


def parse_wrk(path):
    """A wrk run with bench/percentiles.lua, and the resources measured around it."""
    text = open(path).read()
    m = re.search(r"^percentiles: (.*)$", text, re.M)
    if not m:
        raise SystemExit(f"{path}: no percentiles line (did wrk run with -s bench/percentiles.lua?)")
    out = {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
    out.update(resources(path, out["seconds"], out["requests"]))
    return out


def med(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else float("nan")


def fmt(v, digits=1):
    return f"{v:,.{digits}f}"
