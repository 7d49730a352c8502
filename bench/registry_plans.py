#!/usr/bin/env python3
"""SQLite query plans and statement times of the member registry's list, statistics and alerts.

Usage: registry_plans.py DB [BRANCH_LOGIN]
       registry_plans.py --trial DB
Prints markdown: for each query bench/registry.sh measures, the statements the server runs for it
as the university admin (the branch admin for the branch list), each with EXPLAIN QUERY PLAN and
its median time over 10 executions in this process (no HTTP, no JSON). Python's sqlite3 module
uses the system SQLite (3.40.1 on Debian 12), as zhdj does, so the plans are the server's.

--trial measures the changes docs/performance.md ("Member registry") proposes for the slow
statements: on a copy of DB (in $TMPDIR) with the proposed indexes, each slow statement as the
server runs it now and as proposed, with the plan after. DB itself is not changed.

The SQL is copied from src/members/service.cpp (Service::filter, list, stats, alerts) and
src/auth/principal.cpp (scope_filter); keep it in step when those change.
"""
import datetime
import sqlite3
import statistics
import sys
import time

LIST_COLUMNS = ("m.id, m.name, m.gender, m.category, m.status, m.identity, m.ethnicity, "
                "m.education, m.birth_date, m.joined_on, m.full_on, m.student_no, m.department, "
                "m.class_name, m.id_mask, m.phone_mask, m.lost_contact, m.mobile, m.org_id, o.name, ")
FROM = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE "
SORT = {"name": "m.name_sort", "joined_on": "COALESCE(m.joined_on, '')"}


def upper(path):
    return path[:-1] + chr(ord(path[-1]) + 1)


def years_before(d, n):
    try:
        return d.replace(year=d.year - n)
    except ValueError:  # 29 February
        return d.replace(year=d.year - n, day=28)


class Filter:
    """Service::filter: the caller's scope, then the conditions in the order the server adds them."""

    def __init__(self, scope_path, org_path=None, category=None, status="current"):
        self.where = "((o.path >= ? AND o.path < ?))"
        self.params = [scope_path, upper(scope_path)]
        if org_path:
            self.add("o.path >= ? AND o.path < ?", org_path, upper(org_path))
        if category:
            self.add("m.category IN (?)", category)
        if status == "current":
            self.where += " AND m.status IN ('active', 'suspended')"

    def add(self, cond, *params):
        self.where += " AND " + cond
        self.params += params
        return self


def list_statements(f, sort="name", desc=False, cursor=None, limit=50):
    col = SORT[sort]
    d = "DESC" if desc else "ASC"
    where, params = f.where, list(f.params)
    out = [("count", "SELECT COUNT(*)" + FROM + where, list(params))]
    if cursor:
        op = "<" if desc else ">"
        where += f" AND ({col} {op} ? OR ({col} = ? AND m.id {op} ?))"
        params += [cursor[0], cursor[0], cursor[1]]
    out.append(("page", "SELECT " + LIST_COLUMNS + col + FROM + where +
                f" ORDER BY {col} {d}, m.id {d} LIMIT ?", params + [limit + 1]))
    return out


def stats_statements(f):
    out = []
    for column in ("category", "gender", "ethnicity", "education", "identity"):
        out.append((f"group by {column}",
                    f"SELECT m.{column}, COUNT(*){FROM}{f.where} GROUP BY m.{column} ORDER BY COUNT(*) DESC",
                    list(f.params)))
    out.append(("ages (all rows, bands computed in C++)",
                "SELECT m.birth_date, m.category, m.joined_on, m.full_on" + FROM + f.where, list(f.params)))
    return out


def alerts_statements(f, today):
    base = "SELECT m.id, m.name, m.org_id, o.name, {}" + FROM + f.where + " AND "
    order = " ORDER BY m.name_sort, m.id LIMIT 500"
    iso = lambda d: d.isoformat()  # noqa: E731
    six_months_ago = today - datetime.timedelta(days=182)
    return [
        ("suspension due", base.format("m.lost_since") +
         "m.status = 'active' AND m.lost_contact = 1 AND m.lost_since <= ?" + order,
         f.params + [iso(six_months_ago)]),
        ("removal due", base.format("m.status_since") +
         "m.status = 'suspended' AND m.lost_contact = 1 AND m.status_since <= ?" + order,
         f.params + [iso(years_before(today, 2))]),
        ("graduates kept", base.format("m.graduation_on") +
         "m.status = 'active' AND m.identity IN ('undergraduate', 'graduate') AND m.graduation_on <= ?" + order,
         f.params + [iso(years_before(today, 2))]),
        ("watch ends", base.format("m.watch_until") + "m.watch_until > ? AND m.watch_until <= ?" + order,
         f.params + [iso(today), iso(today + datetime.timedelta(days=30))]),
    ]


def page_100_cursor(db, root):
    """(name_sort, id) of the last row of page 99 in the default order (of the last page when
    there are fewer): what the list's cursor for page 100 stands for."""
    f = Filter(root)
    total = db.execute("SELECT COUNT(*)" + FROM + f.where, f.params).fetchone()[0]
    return db.execute("SELECT m.name_sort, m.id" + FROM + f.where + " ORDER BY m.name_sort, m.id LIMIT 1 OFFSET ?",
                      f.params + [max(0, min(99 * 50, total) - 1)]).fetchone()


def timed(db, sql, params, n=10):
    times, rows = [], 0
    for _ in range(n):
        t = time.perf_counter()
        rows = len(db.execute(sql, params).fetchall())
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), rows


def plan(db, sql, params):
    rows = db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    depth = {0: 0}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + detail)
    return lines


# Indexes the trial adds (docs/performance.md, "Member registry").
PROPOSED_INDEXES = [
    # members_org_sort with status: the scope COUNT(*) of every list page reads only the index,
    # and the first page keeps its plan (rows of each org in name order). An index on
    # (org_id, status) instead makes the planner give that order up: page 0.6 → 45 ms.
    "DROP INDEX members_org_sort",
    "CREATE INDEX members_org_sort ON members (org_id, name_sort, id, status)",
    # alerts: lost contact (suspension / removal due) and 留党察看 ending
    "CREATE INDEX members_lost ON members (lost_contact, status, lost_since)",
    "CREATE INDEX members_watch ON members (watch_until) WHERE watch_until IS NOT NULL",
]


def trial(path):
    import os
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp()
    copy = os.path.join(tmp, "trial.db")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(copy)
    src.backup(dst)  # a consistent copy, WAL included
    src.close()
    before = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for ddl in PROPOSED_INDEXES:
        dst.execute(ddl)
    dst.commit()
    today = datetime.date.today()
    root = before.execute("SELECT path FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
    f = Filter(root)
    cursor = page_100_cursor(before, root)
    page = "SELECT " + LIST_COLUMNS + "m.name_sort" + FROM
    order = " ORDER BY m.name_sort ASC, m.id ASC LIMIT ?"
    like_q = "(m.name_initials LIKE ? ESCAPE '\\' OR m.name_pinyin LIKE ? ESCAPE '\\')"
    range_q = "((m.name_initials >= ? AND m.name_initials < ?) OR (m.name_pinyin >= ? AND m.name_pinyin < ?))"
    alerts = {label: (sql, params) for label, sql, params in
              alerts_statements(Filter(root, status="all"), today)}
    # (what, statement now, statement proposed); a statement is (sql, params)
    trials = [
        ("scope count (every list page); members_org_sort with status",
         ("SELECT COUNT(*)" + FROM + f.where, f.params), None),
        ("q=zs page: LIKE prefix → range on members_initials / members_pinyin",
         (page + f.where + " AND " + like_q + order, f.params + ["zs%", "zs%", 51]),
         (page + f.where + " AND " + range_q + order, f.params + ["zs", "zt", "zs", "zt", 51])),
        ("q=zs count: the same",
         ("SELECT COUNT(*)" + FROM + f.where + " AND " + like_q, f.params + ["zs%", "zs%"]),
         ("SELECT COUNT(*)" + FROM + f.where + " AND " + range_q, f.params + ["zs", "zt", "zs", "zt"])),
        ("q=2021 page: LIKE prefix → range on members_student_no",
         (page + f.where + " AND m.student_no LIKE ? ESCAPE '\\'" + order, f.params + ["2021%", 51]),
         (page + f.where + " AND m.student_no >= ? AND m.student_no < ?" + order, f.params + ["2021", "2022", 51])),
        ("q=2021 count: the same",
         ("SELECT COUNT(*)" + FROM + f.where + " AND m.student_no LIKE ? ESCAPE '\\'", f.params + ["2021%"]),
         ("SELECT COUNT(*)" + FROM + f.where + " AND m.student_no >= ? AND m.student_no < ?",
          f.params + ["2021", "2022"])),
        ("page 100: OR cursor → row value (m.name_sort, m.id) > (?, ?)",
         (page + f.where + " AND (m.name_sort > ? OR (m.name_sort = ? AND m.id > ?))" + order,
          f.params + [cursor[0], cursor[0], cursor[1], 51]),
         (page + f.where + " AND (m.name_sort, m.id) > (?, ?)" + order, f.params + [cursor[0], cursor[1], 51])),
        ("sort=joined_on desc: ORDER BY COALESCE(m.joined_on, '') → m.joined_on, members first",
         ("SELECT " + LIST_COLUMNS + "COALESCE(m.joined_on, '')" + FROM + f.where +
          " ORDER BY COALESCE(m.joined_on, '') DESC, m.id DESC LIMIT ?", f.params + [51]),
         ("SELECT " + LIST_COLUMNS + "m.joined_on" + FROM.replace(" JOIN ", " CROSS JOIN ") + f.where +
          " ORDER BY m.joined_on DESC, m.id DESC LIMIT ?", f.params + [51])),
        ("stats: GROUP BY m.category (one of five); no index helps (one pass instead)",
         (f"SELECT m.category, COUNT(*){FROM}{f.where} GROUP BY m.category ORDER BY COUNT(*) DESC", f.params),
         None),
        ("alerts: suspension due; index members_lost", alerts["suspension due"], None),
        ("alerts: removal due; index members_lost", alerts["removal due"], None),
        ("alerts: graduates kept; none (see docs)", alerts["graduates kept"], None),
        ("alerts: watch ends; index members_watch", alerts["watch ends"], None),
    ]
    print(f"SQLite {sqlite3.sqlite_version}; medians of 10 executions; proposed indexes:\n")
    print("```sql\n" + ";\n".join(PROPOSED_INDEXES) + ";\n```\n")
    print("| statement | now ms | proposed ms | rows | plan, proposed |")
    print("|---|---:|---:|---:|---|")
    for what, now, proposed in trials:
        proposed = proposed or now
        ms_now, rows_now = timed(before, *now)
        ms_new, rows_new = timed(dst, *proposed)
        assert rows_now == rows_new, what
        if "COUNT(*)" in now[0]:  # the counts must agree too
            assert before.execute(*now).fetchall() == dst.execute(*proposed).fetchall(), what
        print(f"| {what} | {ms_now:.2f} | {ms_new:.2f} | {rows_new} | "
              f"{' / '.join(plan(dst, *proposed))} |")
    dst.close()
    shutil.rmtree(tmp)


def main():
    if sys.argv[1] == "--trial":
        return trial(sys.argv[2])
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    branch_login = sys.argv[2] if len(sys.argv) > 2 else "demo-branch"
    today = datetime.date.today()
    root = db.execute("SELECT path FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]
    college = db.execute("SELECT path FROM orgs WHERE depth = 1 ORDER BY id LIMIT 1").fetchone()[0]
    branch = db.execute(
        "SELECT o.path FROM role_grants g JOIN accounts a ON a.id = g.account_id "
        "JOIN orgs o ON o.id = g.org_id WHERE a.login = ? AND g.role = 'branch_admin'",
        [branch_login]).fetchone()[0]
    cursor = page_100_cursor(db, root)

    school = lambda: Filter(root)  # noqa: E731
    queries = [
        ("/members?limit=50", list_statements(school())),
        ("/members?limit=50&sort=joined_on&order=desc", list_statements(school(), "joined_on", True)),
        ("/members?limit=50&cursor=<page 100>", list_statements(school(), cursor=cursor)),
        ("/members?category=full&gender=female&age_min=30&age_max=45", list_statements(
            Filter(root, category="full").add("m.gender = ?", "female")
            .add("m.birth_date <= ?", years_before(today, 30).isoformat())
            .add("m.birth_date > ?", years_before(today, 46).isoformat()))),
        ("/members?identity=undergraduate&education=high_school", list_statements(
            school().add("m.education = ?", "high_school").add("m.identity = ?", "undergraduate"))),
        ("/members?q=zs", list_statements(school().add(
            "(m.name_initials LIKE ? ESCAPE '\\' OR m.name_pinyin LIKE ? ESCAPE '\\')", "zs%", "zs%"))),
        ("/members?q=zhang", list_statements(school().add(
            "(m.name_initials LIKE ? ESCAPE '\\' OR m.name_pinyin LIKE ? ESCAPE '\\')", "zhang%", "zhang%"))),
        ("/members?q=2021", list_statements(school().add("m.student_no LIKE ? ESCAPE '\\'", "2021%"))),
        ("/members?q=%E4%BC%9F (伟)", list_statements(school().add("m.name LIKE ? ESCAPE '\\'", "%伟%"))),
        ("/members?org_id=<college>", list_statements(Filter(root, org_path=college))),
        ("/members?limit=50 as the branch admin", list_statements(Filter(branch))),
        ("/members/stats", stats_statements(school())),
        ("/members/alerts", alerts_statements(Filter(root, status="all"), today)),
    ]
    version = db.execute("SELECT sqlite_version()").fetchone()[0]
    members = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
    print(f"SQLite {version}, {members:,} rows in members; medians of 10 executions.\n")
    for title, statements in queries:
        total = 0.0
        body = []
        for label, sql, params in statements:
            ms, rows = timed(db, sql, params)
            total += ms
            body.append(f"{label}: {ms:.2f} ms, {rows} rows\n")
            body.append("```sql\n" + sql + "\n```")
            body.append("```\n" + "\n".join(plan(db, sql, params)) + "\n```\n")
        print(f"### `{title}`: {total:.1f} ms in SQLite\n")
        print("\n".join(body))


if __name__ == "__main__":
    main()
