// Logs in through the UI, handling every step the server asks for: TOTP enrolment (the secret is
// read from data-testid="totp-secret"), TOTP code, forced password change.
import assert from 'node:assert/strict'
import { BASE_URL, field } from './browser.mjs'
import { account, serverNow, updateAccount } from './state.mjs'
import { STEP_SECONDS, timeStep, totp } from './totp.mjs'

export const DEMO_PASSWORD = 'Zhdj@2026demo'
const NEW_PASSWORD_SUFFIX = '#e2e-Changed'

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms))
}

/** A code for a step later than any this account has used (the server refuses replays). */
async function freshCode(login, secret) {
  const last = account(login).lastStep ?? -1
  // Codes follow the server's clock, which a test may have moved ahead (lib/clock.mjs).
  let step = timeStep(serverNow())
  while (step <= last) {
    const msToNext = (step + 1) * STEP_SECONDS * 1000 - serverNow() + 200
    await sleep(Math.max(msToNext, 50))
    step = timeStep(serverNow())
  }
  updateAccount(login, { lastStep: step })
  return totp(secret, step * STEP_SECONDS * 1000 + 1000)
}

const STEP_SELECTORS = {
  enroll: '[data-testid="totp-secret"]',
  totp: '[data-testid="totp-code"]',
  password: '[data-testid="pwd-new"]',
  app: '[data-testid="header-account"]',
}

const ERROR_SELECTOR = '.el-message--error, .el-form-item__error'

async function currentStep(page, login) {
  const entries = Object.entries(STEP_SELECTORS)
  await page.waitForSelector([...entries.map(([, s]) => s), ERROR_SELECTOR].join(', '), { state: 'visible' })
  for (const [name, sel] of entries) {
    if (await page.locator(sel).isVisible()) return name
  }
  const text = await page.locator(ERROR_SELECTOR).first().textContent()
  throw new Error(`login of ${login} failed: ${text}`)
}

/** Waits until the step `sel` is gone (or the app shows); throws with the UI's error text if one shows. */
async function leaveStep(page, login, step) {
  const handle = await page.waitForFunction(
    ([sel, errSel]) => {
      if (document.querySelector('[data-testid="header-account"]')) return 'app'
      const err = document.querySelector(errSel)
      if (err && err.textContent.trim()) return 'error:' + err.textContent.trim()
      return document.querySelector(sel) ? false : 'changed'
    },
    [STEP_SELECTORS[step], ERROR_SELECTOR],
    { timeout: 15000 },
  )
  const outcome = await handle.jsonValue()
  if (outcome.startsWith('error:')) throw new Error(`login of ${login}: step ${step} failed: ${outcome.slice(6)}`)
}

/**
 * Logs `login` in on `page`; resolves when the app's layout is shown. `shots(name)` is called
 * at each step so the test can take screenshots (optional).
 */
export async function loginViaUi(page, login, { shots } = {}) {
  // A full load, so no state of an earlier session in this tab is left in the app.
  await page.goto('about:blank')
  await page.goto(`${BASE_URL}/#/login`)
  await field(page, 'login-account').fill(login)
  const password = account(login).password ?? DEMO_PASSWORD
  await field(page, 'login-password').fill(password)
  if (shots) await shots('login')
  await page.getByTestId('login-submit').click()

  for (let i = 0; i < 5; i++) {
    const step = await currentStep(page, login)
    if (step === 'app') return
    if (step === 'enroll') {
      const secret = (await page.getByTestId('totp-secret').textContent()).trim()
      assert.match(secret, /^[A-Z2-7=\s]+$/i, 'TOTP secret is base32')
      await page.getByTestId('totp-qr').waitFor()
      const src = await page.getByTestId('totp-qr').getAttribute('src')
      assert.ok(src.startsWith('data:image/svg+xml;base64,'), 'QR code is an SVG data URL in an <img>')
      updateAccount(login, { secret })
      if (shots) await shots('totp-enroll')
      await field(page, 'enroll-code').fill(await freshCode(login, secret))
      await page.getByTestId('enroll-submit').click()
    } else if (step === 'totp') {
      const secret = account(login).secret
      assert.ok(secret, `${login} asks for a TOTP code but no enrolment was seen in this run`)
      if (shots) await shots('totp')
      await field(page, 'totp-code').fill(await freshCode(login, secret))
      await page.getByTestId('totp-submit').click()
    } else if (step === 'password') {
      const next = DEMO_PASSWORD + NEW_PASSWORD_SUFFIX
      if (shots) await shots('change-password')
      if (await page.getByTestId('pwd-old').isVisible()) await field(page, 'pwd-old').fill(password)
      await field(page, 'pwd-new').fill(next)
      await field(page, 'pwd-confirm').fill(next)
      await page.getByTestId('pwd-submit').click()
      updateAccount(login, { password: next })
    }
    await leaveStep(page, login, step)
  }
  throw new Error(`login of ${login} did not finish`)
}

export async function logoutViaUi(page) {
  await page.getByTestId('logout').click()
  await page.getByTestId('login-account').waitFor()
}
