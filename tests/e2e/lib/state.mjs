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
