// An admin grants a role; the grantee, logged in elsewhere, sees the notification arrive live.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { BASE_URL, apiGet, field, openBrowser, screenshot } from './lib/browser.mjs'
import { expectToast, session } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

// The school admin grants 审计员 to the member at the member's own branch, picked in the form.
const ADMIN = 'demo-school'
const GRANTEE = 'demo-member'
const ROLE = 'auditor'

let admin
let member
before(async () => {
  admin = await openBrowser()
  member = await openBrowser()
})
after(async () => {
  for (const b of [admin, member]) {
    if (b?.problems.length) console.log(b.problems.join('\n'))
    await b?.close()
  }
})

async function unread(page) {
  return Number(await page.getByTestId('notif-bell').getAttribute('data-unread'))
}

it(`${ADMIN} grants ${ROLE} to ${GRANTEE}, whose bell updates without a reload`, async () => {
  // The grantee waits on their own page with the notification stream open.
  await loginViaUi(member.page, GRANTEE)
  await member.page.goto(`${BASE_URL}/#/profile`)
  await member.page.getByTestId('profile').waitFor()
  const before = (await apiGet(member.page, '/notifications/unread-count')).unread
  await member.page.waitForFunction((n) => Number(document.querySelector('[data-testid="notif-bell"]').dataset.unread) === n, before)
  await member.page.evaluate(() => (window.__e2eNoReload = true))
  const branch = (await session(member.page)).grants.find((g) => g.role === 'member')
  assert.ok(branch, `${GRANTEE} is a member of a branch`)
  await screenshot(member.page, '03-member-before')

  await loginViaUi(admin.page, ADMIN)
  await admin.page.getByTestId('menu-grants').click()
  await admin.page.getByTestId('grants-table').waitFor()
  await admin.page.getByTestId('grant-open').click()
  await admin.page.getByTestId('grant-dialog').waitFor()

  await field(admin.page, 'grant-account').fill(GRANTEE)
  await admin.page.getByTestId(`account-hit-${GRANTEE}`).click()
  await admin.page.getByTestId('grant-org').click()
  await admin.page.keyboard.type(branch.org_name)
  await admin.page.locator(`.grant-org-popper [data-testid="org-option-${branch.org_id}"]`).click()
  await admin.page.getByTestId('grant-role').click()
  await admin.page.getByTestId(`role-option-${ROLE}`).click()
  await screenshot(admin.page, '03-admin-grant-dialog')
  await expectToast(admin.page, () => admin.page.getByTestId('grant-submit').click())

  const grants = (await apiGet(admin.page, `/grants?org_id=${branch.org_id}`)).items
  const created = grants.find((g) => g.account.login === GRANTEE && g.role === ROLE)
  assert.ok(created, 'GET /grants lists the new grant')
  await admin.page.locator(`[data-testid="grant-row-${created.id}"]`).waitFor()
  await screenshot(admin.page, '03-admin-granted')

  // The grantee's badge goes up by one through the event stream, with no reload.
  await member.page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="notif-bell"]').dataset.unread) === n,
    before + 1,
    { timeout: 10000 },
  )
  assert.equal(await member.page.evaluate(() => window.__e2eNoReload), true, 'the page was not reloaded')
  const badge = (await member.page.locator('[data-testid="notif-badge"] .el-badge__content').textContent()).trim()
  assert.equal(badge, String(before + 1))
  await screenshot(member.page, '03-member-badge')

  // The new role shows in the menu at once (the session is re-read on a pushed notification).
  await member.page.getByTestId('menu-org').waitFor()

  // The list shows it; opening it marks it read and follows its link to the org.
  await member.page.getByTestId('notif-bell').click()
  await member.page.getByTestId('notif-list').waitFor()
  const first = member.page.getByTestId('notif-item').first()
  assert.equal(await first.getAttribute('data-read'), 'false')
  await screenshot(member.page, '03-member-notifications')
  await first.click()
  await member.page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="notif-bell"]').dataset.unread) === n,
    before,
  )
  await member.page.waitForFunction(
    (name) => document.querySelector('[data-testid="org-detail-name"]')?.textContent.trim() === name,
    branch.org_name,
  )
  await screenshot(member.page, '03-member-followed-link')
  if (before > 0) {
    await member.page.getByTestId('notif-bell').click()
    await member.page.getByTestId('notif-read-all').click()
    await member.page.waitForFunction(() => document.querySelector('[data-testid="notif-bell"]').dataset.unread === '0')
  }
  assert.equal((await apiGet(member.page, '/notifications/unread-count')).unread, 0)

  // Tidy up: the admin revokes the grant again (with the confirm box).
  await admin.page.getByTestId(`grant-revoke-${created.id}`).click()
  await expectToast(admin.page, () => admin.page.locator('.zhdj-confirm .el-button--danger').click())
  await admin.page.locator(`[data-testid="grant-row-${created.id}"]`).waitFor({ state: 'detached' })
  const left = (await apiGet(admin.page, `/grants?org_id=${branch.org_id}`)).items
  assert.ok(!left.some((g) => g.id === created.id), 'the grant is gone')
})
