#!/usr/bin/env python3
"""SQLite plans and times of the statements behind the organizational-life requests measured by
bench/meetings.sh, as markdown (informative: copies of the SQL in src/, kept by hand).

  meetings_plans.py compliance DB TODAY COLLEGE_ID   GET /compliance: the university and a college
  meetings_plans.py trial DB TODAY COLLEGE_ID        the same statements as they are and as proposed
                                                     (two indexes, scope-first joins), on a copy
  meetings_plans.py checkin DB MEETING_ID            POST /meetings/{id}/checkin's reads

Each statement: EXPLAIN QUERY PLAN, the rows it returns and the median of 7 executions (all rows
fetched) on a read-only connection. The SQL is copied from src/meetings/compliance.cpp
(evaluate_subtree), src/org/directory.cpp (subtree, committees_under),
src/members/directory.cpp (party_members_by_org) and src/meetings/store.cpp (load, attendee,
roles_of, recount); if the schema moved on, a statement that fails is reported as such.
"""
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

REPEAT = 7


def upper(path):
    """auth::path_upper_bound: the last character plus one."""
    return path[:-1] + chr(ord(path[-1]) + 1)


def measure(con, title, sql, params, out):
    out.append(f"#### {title}")
    out.append("")
    out.append("```sql")
    out.append(" ".join(sql.split()))
    out.append("```")
    try:
        plan = con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        times, rows = [], 0
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            rows = len(con.execute(sql, params).fetchall())
            times.append((time.perf_counter() - t0) * 1000)
    except sqlite3.Error as e:
        out.append(f"failed: {e}")
        out.append("")
        return 0.0
    out.append("```")
    for _, parent, _, detail in plan:
        depth = 0
        ids = {r[0]: r[1] for r in plan}
        p = parent
        while p and p in ids:
            depth += 1
            p = ids[p]
        out.append("  " * depth + detail)
    out.append("```")
    ms = statistics.median(times)
    out.append(f"{rows:,} rows, **{ms:.2f} ms** (median of {REPEAT}; min {min(times):.2f})")
    out.append("")
    return ms


def compliance(db, today, college_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    year = today[:4]
    root = con.execute("SELECT path FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
    college = con.execute("SELECT path, name FROM orgs WHERE id = ?", (college_id,)).fetchone()
    out = [f"### Compliance roll-up: the statements of one GET /compliance (year {year})", "",
           f"SQLite {sqlite3.sqlite_version}, {db}.", ""]
    totals = []
    for label, path in (("university", root), (f"college {college[1]}", college[0])):
        out.append(f"### Scope: {label} (`{path}`)")
        out.append("")
        total = 0.0
        rng = (f"{year}-01-01", f"{year}-12-31", path, upper(path))
        total += measure(con, "org::directory::subtree (called twice per request)",
                         "SELECT id, parent_id, kind, name, path, depth, approval_delegated, created_at "
                         "FROM orgs WHERE path >= ? AND path < ? ORDER BY path", (path, upper(path)), out) * 2
        total += measure(con, "members::directory::party_members_by_org",
                         "SELECT m.org_id, m.id FROM orgs o JOIN members m ON m.org_id = o.id "
                         "WHERE o.path >= ? AND o.path < ? AND m.category IN ('full', 'probationary') "
                         "AND m.status = 'active'", (path, upper(path)), out)
        total += measure(con, "org::directory::committees_under",
                         "SELECT c.org_id, p.member_id FROM orgs o JOIN committees c ON c.org_id = o.id "
                         "JOIN committee_posts p ON p.committee_id = c.id "
                         "WHERE o.path >= ? AND o.path < ? AND c.ended_on IS NULL", (path, upper(path)), out)
        total += measure(con, "held meetings of the year (compliance.cpp)",
                         "SELECT m.org_id, m.type, m.start_date, m.expected_count, m.present_count, "
                         "m.leave_count FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.held = 1 AND "
                         "m.start_date >= ? AND m.start_date <= ? AND o.path >= ? AND o.path < ?", rng, out)
        total += measure(con, "talk pairs of the year (compliance.cpp)",
                         "SELECT m.id, m.org_id, a.member_id FROM meetings m JOIN orgs o ON o.id = m.org_id "
                         "JOIN meeting_attendees a ON a.meeting_id = m.id WHERE m.held = 1 AND "
                         "m.type = 'talk' AND m.start_date >= ? AND m.start_date <= ? AND o.path >= ? AND "
                         "o.path < ?", rng, out)
        total += measure(con, "meeting_policies (called twice per request)",
                         "SELECT type, frequency FROM meeting_policies", (), out) * 2
        out.append(f"**SQLite total for one request over the {label}: {total:.1f} ms** "
                   f"(the statements above, subtree and policies counted twice)")
        out.append("")
        totals.append((label, total))
    out.append("| scope | SQLite ms per request (sum of medians) |")
    out.append("|---|---:|")
    for label, t in totals:
        out.append(f"| {label} | {t:.1f} |")
    print("\n".join(out))


# The proposal measured by `trial` (for the owners of src/meetings/ and migrations/):
#  - members_org (org_id, category) gains status, so party_members_by_org reads only the index;
#  - meetings_org_held (org_id, held, start_date, type, counts): one scope's held meetings of a
#    year as an index range per org, covering both compliance statements;
#  - both compliance statements join orgs first (`orgs o CROSS JOIN meetings m`): without it
#    SQLite keeps walking meetings_held over the whole university's year and drops the rows of
#    other colleges. CROSS JOIN without the new index is a disaster (meetings_held probed per
#    org: 6–9 s at the university), so the two go together.
TRIAL_INDEXES = [
    "DROP INDEX members_org",
    "CREATE INDEX members_org ON members (org_id, category, status)",
    "CREATE INDEX meetings_org_held ON meetings "
    "(org_id, held, start_date, type, expected_count, present_count, leave_count)",
]
HELD = ("SELECT m.org_id, m.type, m.start_date, m.expected_count, m.present_count, m.leave_count "
        "FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.held = 1 AND "
        "m.start_date >= ? AND m.start_date <= ? AND o.path >= ? AND o.path < ?")
TALK = ("SELECT m.id, m.org_id, a.member_id FROM meetings m JOIN orgs o ON o.id = m.org_id "
        "JOIN meeting_attendees a ON a.meeting_id = m.id WHERE m.held = 1 AND "
        "m.type = 'talk' AND m.start_date >= ? AND m.start_date <= ? AND o.path >= ? AND o.path < ?")
PARTY = ("SELECT m.org_id, m.id FROM orgs o JOIN members m ON m.org_id = o.id "
         "WHERE o.path >= ? AND o.path < ? AND m.category IN ('full', 'probationary') AND m.status = 'active'")
SCOPE_FIRST = ("FROM meetings m JOIN orgs o ON o.id = m.org_id", "FROM orgs o CROSS JOIN meetings m ON m.org_id = o.id")


def timed(con, sql, params):
    plan = " / ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
    times, rows = [], 0
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        rows = len(con.execute(sql, params).fetchall())
        times.append((time.perf_counter() - t0) * 1000)
    return rows, statistics.median(times), plan


def trial(db, today, college_id):
    year = today[:4]
    tmp = tempfile.mkdtemp(prefix="zhdj-meetings-trial.")
    try:
        copy = os.path.join(tmp, "trial.db")
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        root = dst.execute("SELECT path FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
        college = dst.execute("SELECT path, name FROM orgs WHERE id = ?", (college_id,)).fetchone()
        scopes = (("university", root), (college[1], college[0]))
        before = {}
        for label, path in scopes:
            rng = (f"{year}-01-01", f"{year}-12-31", path, upper(path))
            before[label] = {"held": timed(dst, HELD, rng), "talk": timed(dst, TALK, rng),
                             "party": timed(dst, PARTY, (path, upper(path)))}
        for ddl in TRIAL_INDEXES:
            dst.execute(ddl)
        dst.commit()
        out = [f"### Compliance statements: as they are and as proposed (year {year})", "",
               f"SQLite {sqlite3.sqlite_version}; medians of {REPEAT} executions on a copy of {db} with",
               "", "```sql"] + [d + ";" for d in TRIAL_INDEXES] + ["```", "",
               "and `FROM orgs o CROSS JOIN meetings m ON m.org_id = o.id` in the two meeting statements.", "",
               "| scope | statement | rows | now ms | proposed ms | plan now | plan proposed |",
               "|---|---|---:|---:|---:|---|---|"]
        totals = {}
        for label, path in scopes:
            rng = (f"{year}-01-01", f"{year}-12-31", path, upper(path))
            after = {"held": timed(dst, HELD.replace(*SCOPE_FIRST), rng),
                     "talk": timed(dst, TALK.replace(*SCOPE_FIRST), rng),
                     "party": timed(dst, PARTY, (path, upper(path)))}
            names = {"held": "held meetings of the year", "talk": "talk pairs of the year",
                     "party": "party_members_by_org"}
            for k in ("held", "talk", "party"):
                b, a = before[label][k], after[k]
                out.append(f"| {label} | {names[k]} | {b[0]:,}{'' if a[0] == b[0] else f' → {a[0]:,} (**differs**)'} | "
                           f"{b[1]:.2f} | {a[1]:.2f} | {b[2]} | {a[2]} |")
            totals[label] = (sum(before[label][k][1] for k in before[label]), sum(a[1] for a in after.values()))
        out.append("")
        for label, (b, a) in totals.items():
            out.append(f"- {label}: these three statements {b:.1f} → {a:.1f} ms.")
        print("\n".join(out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checkin(db, meeting_id):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    member = con.execute("SELECT member_id FROM meeting_attendees WHERE meeting_id = ? ORDER BY member_id "
                         "LIMIT 1", (meeting_id,)).fetchone()[0]
    out = [f"### Check-in: the reads of one POST /meetings/{meeting_id}/checkin", "",
           f"SQLite {sqlite3.sqlite_version}; member {member}. The transaction also updates the "
           "attendee row and the meeting's counts and appends one audit entry.", ""]
    total = 0.0
    total += measure(con, "store::load (via visible; the check-in loads the meeting once)",
                     "SELECT m.id, m.org_id, o.name, o.path, o.kind, m.type, m.title, m.status, m.starts_at, "
                     "m.ends_at, m.start_date, m.place, m.online_url, m.agenda, m.host_member_id, h.name, "
                     "m.recorder_member_id, r.name, m.checkin_before_min, m.checkin_after_min, m.checkin_secret, "
                     "m.remind_at, m.reminded_at, m.minutes_status, m.expected_count, m.present_count, "
                     "m.leave_count, m.held, m.cancel_reason, m.version, m.created_by, m.published_at "
                     "FROM meetings m JOIN orgs o ON o.id = m.org_id "
                     "LEFT JOIN members h ON h.id = m.host_member_id "
                     "LEFT JOIN members r ON r.id = m.recorder_member_id WHERE m.id = ?", (meeting_id,), out)
    total += measure(con, "store::roles_of: is the caller an attendee",
                     "SELECT 1 FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?",
                     (meeting_id, member), out)
    total += measure(con, "store::attendee",
                     "SELECT a.member_id, p.account_id, p.name, o.name, p.category, a.present, a.method, "
                     "a.checked_in_at, a.leave, a.leave_reason, a.online_ms, a.last_seen_at, a.checkin_failures "
                     "FROM meeting_attendees a JOIN members p ON p.id = a.member_id "
                     "JOIN orgs o ON o.id = p.org_id WHERE a.meeting_id = ? AND a.member_id = ?",
                     (meeting_id, member), out)
    total += measure(con, "store::recount: the counts",
                     "SELECT COUNT(*), COALESCE(SUM(present), 0), "
                     "COALESCE(SUM(CASE WHEN present = 0 AND leave = 'approved' THEN 1 ELSE 0 END), 0) "
                     "FROM meeting_attendees WHERE meeting_id = ?", (meeting_id,), out)
    out.append(f"**Reads of one check-in: {total:.2f} ms in SQLite.**")
    print("\n".join(out))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "compliance":
        compliance(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 5 and sys.argv[1] == "trial":
        trial(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "checkin":
        checkin(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
