// Debian's Chromium driven by playwright-core; every browser gets a fresh user-data-dir.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { after, before } from 'node:test'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// playwright-core is installed with the web app (web/package.json).
const require = createRequire(new URL('../../../web/package.json', import.meta.url))
const { chromium } = require('playwright-core')

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const DESKTOP = { viewport: { width: 1366, height: 860 } }
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/**
 * Opens a browser with its own profile directory. Answers { context, page, close }.
 * Browser console errors and failed requests are collected in `problems` for diagnosis.
 */
export async function openBrowser(options = DESKTOP) {
  const profile = mkdtempSync(join(tmpdir(), 'zhdj-e2e-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...options,
  })
  context.setDefaultTimeout(15000)
  const page = context.pages()[0] ?? (await context.newPage())
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // failed requests are reported with their URL below
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()} ${r.request().method()} ${r.url().replace(BASE_URL, '')}`)
  })
  page.on('requestfailed', (r) => problems.push(`failed ${r.method()} ${r.url().replace(BASE_URL, '')}: ${r.failure()?.errorText}`))
  return {
    context,
    page,
    problems,
    async close() {
      await context.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * The text input (or textarea) of an Element Plus field. ElInput puts data-testid on the <input> itself; other
 * widgets keep it on their root, so both places are looked at.
 */
export function field(page, testid) {
  return page
    .locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"], [data-testid="${testid}"] input, [data-testid="${testid}"] textarea`)
    .first()
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.waitForTimeout(600) // let Element Plus transitions (popovers, drawers, dialogs) settle
  // A full-page shot resizes the viewport, which on a phone-sized page re-lays out drawers.
  const narrow = (page.viewportSize()?.width ?? 1000) < 600
  await page.screenshot({ path, fullPage: !narrow })
  return path
}

/** GET/POST an API path with the page's own session (cookies and, for unsafe calls, CSRF token). */
export async function apiInPage(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers = { Accept: 'application/json' }
      if (method !== 'GET') {
        const s = await fetch('/api/v1/auth/session').then((r) => r.json())
        headers['X-CSRF-Token'] = s.csrf_token
        headers['Content-Type'] = 'application/json'
      }
      const res = await fetch('/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
      const text = await res.text()
      let json = null
      try {
        json = JSON.parse(text)
      } catch {}
      return { status: res.status, json, text }
    },
    { method, path, body },
  )
}

export async function apiGet(page, path) {
  const r = await apiInPage(page, 'GET', path)
  if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${r.text}`)
  return r.json
}

/**
 * One browser for a whole test file: opened before its first test, closed after its last, with
 * the browser's console errors and failed requests printed at the end. Answers an object that
 * holds { context, page, problems, close } once the file's tests run.
 */
export function useBrowser(options = DESKTOP) {
  const holder = {}
  before(async () => {
    Object.assign(holder, await openBrowser(options))
  })
  after(async () => {
    if (holder.problems?.length) console.log(holder.problems.join('\n'))
    await holder.close?.()
  })
  return holder
}
