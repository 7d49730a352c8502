// What the tests learn about accounts while they run (TOTP secrets, the last TOTP step used,
// changed passwords), shared between test files through a JSON file in E2E_STATE_DIR.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = process.env.E2E_STATE_DIR || join(tmpdir(), 'zhdj-e2e-state')
const file = join(dir, 'accounts.json')

export function loadState() {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return {}
  }
}

export function account(login) {
  return loadState()[login] ?? {}
}

export function updateAccount(login, patch) {
  mkdirSync(dir, { recursive: true })
  const all = loadState()
  all[login] = { ...(all[login] ?? {}), ...patch }
  writeFileSync(file, JSON.stringify(all, null, 2))
}

// The server's clock may run ahead of ours (serve --test-clock, POST /api/v1/test/clock): TOTP
// codes must be computed for the server's time. The offset is kept with the accounts.
const CLOCK_KEY = '__server_clock__'

/** Milliseconds the server's clock runs ahead of this machine's (0 unless a test moved it). */
export function clockOffset() {
  return loadState()[CLOCK_KEY]?.offsetMs ?? 0
}

export function setClockOffset(offsetMs) {
  updateAccount(CLOCK_KEY, { offsetMs })
}

/** The server's time now, in ms. */
export function serverNow() {
  return Date.now() + clockOffset()
}
