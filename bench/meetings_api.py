#!/usr/bin/env python3
"""Set-up calls of bench/meetings.sh against a running zhdj (standard library only).

  meetings_api.py pick URL COOKIE DB ORG_ID N OUTDIR
      GET /api/v1/meetings/candidates?org_id=ORG_ID&type=activity as COOKIE (an admin); of the
      people it offers, those with an account (login read from the SQLite file DB, read-only)
      and not a demo-* login, by member id: the first is the host, the next N the attendees.
      Writes OUTDIR/host.txt and OUTDIR/people.txt ("member_id login" lines) and
      OUTDIR/candidates.json; prints "candidates=… with_account=… host=… attendees=N".
  meetings_api.py create URL COOKIE CSRF ORG_ID HOST_MEMBER_ID PEOPLE_FILE TITLE
      POST /api/v1/meetings: an `activity` at ORG_ID starting now (check-in window 30 min either
      side), 2 h long, hosted and recorded by HOST_MEMBER_ID, the members of PEOPLE_FILE invited,
      published at once. Prints "meeting_id=… expected=… seconds=…" (seconds: the whole POST,
      which writes the meeting, its attendees and one notification per attendee).
"""
import datetime
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.request


def call(url, cookie, method="GET", body=None, csrf=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Cookie": cookie})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {url}: HTTP {e.code} {e.read().decode(errors='replace')}")


def pick(base, cookie, db, org_id, n, outdir):
    cands = call(f"{base}/api/v1/meetings/candidates?org_id={org_id}&type=activity", cookie)
    with open(f"{outdir}/candidates.json", "w") as f:
        json.dump(cands, f, ensure_ascii=False)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    logins = dict(con.execute(
        "SELECT m.id, a.login FROM members m JOIN accounts a ON a.id = m.account_id "
        "WHERE a.disabled = 0 AND a.login NOT LIKE 'demo-%'"))
    people = sorted(p["member_id"] for p in cands["people"] if p["member_id"] in logins)
    if len(people) < n + 1:
        raise SystemExit(f"org {org_id} offers {len(people)} people with an account; {n + 1} needed "
                         f"(raise ZHDJ_BENCH_CHECKIN_MEMBERS)")
    host, attendees = people[0], people[1:n + 1]
    with open(f"{outdir}/host.txt", "w") as f:
        f.write(f"{host} {logins[host]}\n")
    with open(f"{outdir}/people.txt", "w") as f:
        f.writelines(f"{m} {logins[m]}\n" for m in attendees)
    print(f"candidates={len(cands['people'])} with_account={len(people)} host={host} attendees={len(attendees)}")


def create(base, cookie, csrf, org_id, host, people_file, title):
    ids = [int(l.split()[0]) for l in open(people_file) if l.strip()]
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    body = {
        "org_id": org_id, "type": "activity", "title": title,
        "starts_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ends_at": (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "place": "大礼堂", "agenda": "签到压力测试", "host_member_id": host, "recorder_member_id": host,
        "attendee_ids": ids, "publish": True,
    }
    t0 = time.monotonic()
    m = call(f"{base}/api/v1/meetings", cookie, "POST", body, csrf)
    seconds = time.monotonic() - t0
    if m.get("status") != "published" or m.get("expected") != len(ids) or not m["checkin_window"]["open"]:
        raise SystemExit(f"meeting not as asked: status={m.get('status')} expected={m.get('expected')} "
                         f"window={m.get('checkin_window')}")
    print(f"meeting_id={m['id']} expected={m['expected']} seconds={seconds:.3f}")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    a = sys.argv[2:]
    if cmd == "pick" and len(a) == 6:
        pick(a[0].rstrip("/"), a[1], a[2], int(a[3]), int(a[4]), a[5])
    elif cmd == "create" and len(a) == 7:
        create(a[0].rstrip("/"), a[1], a[2], int(a[3]), int(a[4]), a[5], a[6])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
