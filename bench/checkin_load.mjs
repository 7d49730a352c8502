#!/usr/bin/env node
// Check-in load for the organizational life benchmark (bench/meetings.sh). Node built-ins only.
//
//   node bench/checkin_load.mjs login --url URL --people FILE --password PW [--concurrency 4] --out FILE
//     Logs in every account of FILE (lines "member_id login") and writes their sessions
//     [{member_id, login, cookie, csrf}] as JSON; the login times go to stderr.
//
//   node bench/checkin_load.mjs run --url URL --sessions FILE --out FILE
//        [--target zhdj|static] [--meeting ID --host FILE]          (zhdj)
//        [--pattern uniform|poisson|burst] [--seconds 60] [--concurrency 50]
//        [--display-every 2] [--seed 1] [--label NAME]
//     Every session is one phone. A phone opens a new connection, asks GET /api/v1/auth/session
//     (what the web app does when the QR code's link opens it; a phone whose session request
//     fails stops there, as the app would), then POSTs
//     /api/v1/meetings/{id}/checkin {"token"} on the same connection. The token is the one the
//     "big screen" showed last: a loop GETs /api/v1/meetings/{id}/checkin-display as the host
//     every --display-every seconds on its own kept-alive connection.
//     Arrivals: uniform (phone i starts at i·T/N), poisson (N arrival times drawn uniformly in
//     [0, T) with --seed and sorted: a Poisson process with N arrivals in T), or burst (all at
//     once, --concurrency phones in flight, the next phone starts when one finishes).
//     uniform/poisson are open loop: a phone starts on time whatever the others are doing.
//     At the end (zhdj) the display is read once more and its "present" must equal the number
//     of phones, every check-in must be 200 with "already": false; otherwise exit status 2.
//     --target static runs the same phones, pacing and display loop against a static server
//     (nginx, the same-run reference): GET /session.json, GET /checkin.json (instead of the
//     POST) and GET /display.json, files of the sizes zhdj answers with.
//     Writes every phone's times to --out (JSON) and prints one summary line:
//     "checkin: label=… n=… ok=… errors=… p50_ms=… p95_ms=… p99_ms=… max_ms=… flow_p50_ms=…
//      … present=… wall_s=…".
import http from 'node:http';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const key = argv[i].slice(2);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[key] = true;
      else { out[key] = next; i++; }
    } else out._.push(argv[i]);
  }
  return out;
}

function die(msg) {
  process.stderr.write(`checkin_load: ${msg}\n`);
  process.exit(1);
}

// One HTTP exchange; resolves {status, body, ms} once the whole body is in (ms from the call).
function request(base, { method = 'GET', path, headers = {}, body, agent }) {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const h = { ...headers };
  if (data) { h['content-type'] = 'application/json'; h['content-length'] = data.length; }
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: h, agent,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, body: Buffer.concat(chunks).toString(), headers: res.headers,
        ms: performance.now() - t0,
      }));
      res.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - t0 }));
    });
    req.setTimeout(60000, () => req.destroy(new Error('timeout after 60 s')));
    req.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - t0 }));
    if (data) req.write(data);
    req.end();
  });
}

function pct(sorted, p) {  // nearest rank
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length, p50: pct(s, 50), p90: pct(s, 90), p95: pct(s, 95), p99: pct(s, 99),
    max: s.length ? s[s.length - 1] : NaN, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}
const f3 = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'nan');

// mulberry32: a small seeded generator, so a Poisson run can be repeated exactly.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function login(o) {
  const base = o.url || die('--url');
  const lines = fs.readFileSync(o.people || die('--people'), 'utf8').split('\n').filter(Boolean);
  const people = lines.map((l) => { const [id, lg] = l.trim().split(/\s+/); return { member_id: Number(id), login: lg }; });
  const conc = Number(o.concurrency || 4);
  const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
  const out = new Array(people.length);
  const times = [];
  let next = 0;
  async function worker() {
    while (next < people.length) {
      const i = next++;
      const p = people[i];
      const r = await request(base, {
        method: 'POST', path: '/api/v1/auth/login', body: { login: p.login, password: o.password }, agent,
      });
      times.push(r.ms);
      if (r.status !== 200) die(`login ${p.login}: HTTP ${r.status} ${r.body}`);
      const j = JSON.parse(r.body);
      if (j.next !== 'ok') die(`login ${p.login}: next=${j.next} (must_change_password still set? an admin?)`);
      const cookie = [].concat(r.headers['set-cookie'] || []).map((c) => c.split(';')[0])
        .find((c) => c.startsWith('zhdj_session='));
      if (!cookie) die(`login ${p.login}: no zhdj_session cookie`);
      out[i] = { ...p, cookie, csrf: j.csrf_token };
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, worker));
  agent.destroy();
  fs.writeFileSync(o.out || die('--out'), JSON.stringify(out));
  const s = stats(times);
  process.stderr.write(`logins: n=${s.n} concurrency=${conc} wall_s=${((performance.now() - t0) / 1000).toFixed(2)} `
    + `p50_ms=${f3(s.p50)} p95_ms=${f3(s.p95)} max_ms=${f3(s.max)}\n`);
}

async function run(o) {
  const base = o.url || die('--url');
  const target = o.target || 'zhdj';
  const sessions = JSON.parse(fs.readFileSync(o.sessions || die('--sessions'), 'utf8'));
  const pattern = o.pattern || 'uniform';
  const seconds = Number(o.seconds || 60);
  const conc = Number(o.concurrency || 50);
  const every = Number(o['display-every'] || 2) * 1000;
  const label = o.label || `${target}-${pattern}`;
  const zhdj = target === 'zhdj';
  const meeting = zhdj ? (o.meeting || die('--meeting')) : null;
  const host = zhdj ? JSON.parse(fs.readFileSync(o.host || die('--host'), 'utf8')) : null;
  const paths = zhdj ? {
    session: '/api/v1/auth/session',
    checkin: `/api/v1/meetings/${meeting}/checkin`,
    display: `/api/v1/meetings/${meeting}/checkin-display?origin=${encodeURIComponent('http://127.0.0.1')}`,
  } : { session: '/session.json', checkin: '/checkin.json', display: '/display.json' };

  // The big screen.
  const hostAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // token: the one shown last; at: when it was fetched (for its age at check-in).
  const display = { token: null, at: 0, times: [], errors: 0, last: null, samples: [] };
  async function showDisplay() {
    const r = await request(base, {
      path: paths.display, agent: hostAgent, headers: zhdj ? { cookie: host.cookie } : {},
    });
    display.times.push(r.ms);
    if (r.status !== 200) {
      display.errors++;
      if (display.samples.length < 3) display.samples.push(`${r.status} ${r.body.slice(0, 200)}`);
      return;
    }
    const j = JSON.parse(r.body);
    display.token = j.token;
    display.at = performance.now();
    display.last = j;
  }
  await showDisplay();
  if (!display.token) die(`no token from the display: ${display.samples.join(' | ')}`);
  let stopDisplay = false;
  const displayLoop = (async () => {
    let due = performance.now() + every;
    while (!stopDisplay) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 200)));
      if (stopDisplay) break;
      if (performance.now() >= due) { due += every; await showDisplay(); }
    }
  })();

  const phones = sessions.map((s, i) => ({ i, member_id: s.member_id, login: s.login }));
  async function phone(p) {
    const s = sessions[p.i];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const t0 = performance.now();
    p.started_ms = t0 - start;
    const r1 = await request(base, { path: paths.session, agent, headers: zhdj ? { cookie: s.cookie } : {} });
    p.session_ms = r1.ms;
    p.session_status = r1.status;
    if (r1.status !== 200) {  // the app could not open: no check-in
      p.status = r1.status;
      p.error = `session: ${r1.body.slice(0, 200)}`;
      p.flow_ms = performance.now() - t0;
      agent.destroy();
      return;
    }
    let r2;
    if (zhdj) {
      p.token_age_ms = performance.now() - display.at;
      r2 = await request(base, {
        method: 'POST', path: paths.checkin, agent, body: { token: display.token },
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
    } else {
      r2 = await request(base, { path: paths.checkin, agent });
    }
    p.checkin_ms = r2.ms;
    p.status = r2.status;
    p.flow_ms = performance.now() - t0;
    if (r2.status !== 200) p.error = r2.body.slice(0, 300);
    else if (zhdj) {
      try {
        const j = JSON.parse(r2.body);
        if (j.already !== false || j.present !== true) p.error = `unexpected answer: ${r2.body}`;
      } catch (e) { p.error = `bad JSON: ${r2.body.slice(0, 200)}`; }
    }
    agent.destroy();
  }
  const start = performance.now();
  let lagMax = 0;
  if (pattern === 'burst') {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(conc, phones.length) }, async () => {
      while (next < phones.length) await phone(phones[next++]);
    }));
  } else {
    let at;
    if (pattern === 'uniform') at = phones.map((_, i) => (i * seconds * 1000) / phones.length);
    else if (pattern === 'poisson') {
      const r = rng(Number(o.seed || 1));
      at = phones.map(() => r() * seconds * 1000).sort((a, b) => a - b);
    } else die(`unknown --pattern ${pattern}`);
    const running = [];
    for (let k = 0; k < phones.length; k++) {
      const wait = start + at[k] - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lagMax = Math.max(lagMax, performance.now() - (start + at[k]));
      phones[k].scheduled_ms = at[k];
      running.push(phone(phones[k]));
    }
    await Promise.all(running);
  }
  const wall = (performance.now() - start) / 1000;
  stopDisplay = true;
  await displayLoop;

  let present = null, expected = null;
  if (zhdj) {
    display.last = null;
    await showDisplay();
    present = display.last?.present ?? null;
    expected = display.last?.expected ?? null;
  }
  hostAgent.destroy();

  const ok = phones.filter((p) => p.status === 200 && !p.error);
  const errors = phones.length - ok.length;
  const c = stats(ok.map((p) => p.checkin_ms));
  const fl = stats(ok.map((p) => p.flow_ms));
  const se = stats(ok.map((p) => p.session_ms));
  const d = stats(display.times);
  const summary = {
    label, target, pattern, n: phones.length, ok: ok.length, errors, seconds, concurrency: conc,
    wall_s: wall, lag_max_ms: lagMax, present, expected,
    checkin: c, flow: fl, session: se, display: { ...d, errors: display.errors, samples: display.samples },
    error_samples: phones.filter((p) => p.error || p.status !== 200).slice(0, 5)
      .map((p) => `${p.login}: ${p.status} ${p.error || ''}`),
  };
  fs.writeFileSync(o.out || die('--out'), JSON.stringify({ summary, phones }, null, 1));
  process.stdout.write(`checkin: label=${label} n=${phones.length} ok=${ok.length} errors=${errors} `
    + `p50_ms=${f3(c.p50)} p95_ms=${f3(c.p95)} p99_ms=${f3(c.p99)} max_ms=${f3(c.max)} `
    + `flow_p50_ms=${f3(fl.p50)} flow_p95_ms=${f3(fl.p95)} flow_p99_ms=${f3(fl.p99)} flow_max_ms=${f3(fl.max)} `
    + `display_n=${d.n} display_p50_ms=${f3(d.p50)} display_max_ms=${f3(d.max)} display_errors=${display.errors} `
    + `lag_max_ms=${f3(lagMax)} wall_s=${wall.toFixed(3)} present=${present} expected=${expected}\n`);
  for (const e of summary.error_samples) process.stderr.write(`  error: ${e}\n`);
  if (zhdj && (errors > 0 || present !== phones.length)) {
    process.stderr.write(`checkin_load: ${label}: ${errors} failed check-ins, present ${present} of ${phones.length}\n`);
    process.exit(2);
  }
}

const o = args(process.argv.slice(2));
const cmd = o._[0];
if (cmd === 'login') await login(o);
else if (cmd === 'run') await run(o);
else die('usage: checkin_load.mjs login|run … (see the head of the file)');
