// The app on a 390×844 phone: login, the menu drawer, navigation, and the org page for an admin.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { PHONE, openBrowser, screenshot } from './lib/browser.mjs'
import { session } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

let browser
before(async () => {
  browser = await openBrowser(PHONE)
})
after(async () => {
  if (browser?.problems.length) console.log(browser.problems.join('\n'))
  await browser?.close()
})

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

it('a member logs in on a phone and uses the drawer menu', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-member', { shots: (s) => screenshot(page, `04-phone-${s}`) })
  await noHorizontalScroll(page)
  assert.equal(await page.getByTestId('nav-menu').isVisible(), false, 'no side menu on a phone')

  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('menu-drawer').waitFor()
  await page.getByTestId('menu-profile').waitFor()
  await screenshot(page, '04-phone-menu')

  // The menu holds what the session allows, and always the personal entries.
  const caps = (await session(page)).capabilities
  const entries = await page.$$eval('[data-testid="menu-drawer"] [data-testid^="menu-"]', (els) =>
    els.map((e) => e.getAttribute('data-testid')).filter((id) => id !== 'menu-drawer'),
  )
  const me = await session(page)
  const expected = [
    ...(caps.includes('org.read') ? ['menu-org'] : []),
    ...(caps.includes('members.read') ? ['menu-registry', 'menu-transfers'] : []),
    'menu-meetings',
    ...(caps.includes('meetings.read') || me.member_id != null ? ['menu-compliance'] : []),
    ...(me.member_id != null ? ['menu-me', 'menu-dues-mine'] : []),
    ...(caps.includes('dues.manage') ? ['menu-dues-admin'] : []),
    ...(caps.includes('dues.read') ? ['menu-dues-report'] : []),
    'menu-dues-calculator',
    ...(caps.includes('roles.read') ? ['menu-grants'] : []),
    ...(caps.includes('audit.read') ? ['menu-audit'] : []),
    'menu-profile',
    'menu-password',
  ]
  assert.deepEqual(entries, expected)

  await page.getByTestId('menu-password').click()
  await page.getByTestId('password-form').waitFor()
  await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' })
  await noHorizontalScroll(page)
  await screenshot(page, '04-phone-password')

  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('menu-profile').click()
  await page.getByTestId('profile').waitFor()
  assert.equal((await page.getByTestId('profile-login').textContent()).trim(), 'demo-member')
  await screenshot(page, '04-phone-profile')

  await page.getByTestId('logout').click()
  await page.getByTestId('login-account').waitFor()
})

it('a college admin reads the org tree and detail on a phone', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-college')
  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('menu-org').click()
  await page.locator('[data-testid="org-tree"] [data-org-id]').first().waitFor()
  await page.getByTestId('org-detail-name').waitFor()
  await noHorizontalScroll(page)
  await screenshot(page, '04-phone-orgs')
})
