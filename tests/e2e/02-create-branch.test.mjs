// A college admin creates a branch under the college through the org page.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { apiGet, field, openBrowser, screenshot } from './lib/browser.mjs'
import { expectToast, gotoOrgs, selectOrg, session, treeOrgs } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

let browser
before(async () => {
  browser = await openBrowser()
})
after(async () => {
  if (browser?.problems.length) console.log(browser.problems.join('\n'))
  await browser?.close()
})

it('demo-college creates a branch under the college', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-college')
  const grant = (await session(page)).grants.find((g) => g.role === 'college_admin')
  assert.ok(grant, 'demo-college is a college admin')

  await gotoOrgs(page)
  await selectOrg(page, grant.org_id)
  assert.equal((await page.getByTestId('org-detail-name').textContent()).trim(), grant.org_name)

  await page.getByTestId('org-create-child').click()
  const dialog = page.getByTestId('org-create-dialog')
  await dialog.waitFor()
  // A college committee may hold general branches and branches only.
  const kinds = await page.$$eval('[data-testid^="org-create-kind-"]', (els) => els.map((e) => e.getAttribute('data-testid')))
  assert.deepEqual(kinds.sort(), ['org-create-kind-branch', 'org-create-kind-general_branch'])
  await page.getByTestId('org-create-kind-branch').click()
  const name = `E2E测试党支部${Date.now() % 100000}`
  await field(page, 'org-create-name').fill(name)
  await screenshot(page, '02-create-branch-dialog')
  await expectToast(page, () => page.getByTestId('org-create-submit').click())

  // The new branch is in GET /orgs under the college, and the page shows it selected.
  const created = (await apiGet(page, '/orgs')).items.find((o) => o.name === name)
  assert.ok(created, 'GET /orgs lists the new branch')
  assert.equal(created.kind, 'branch')
  assert.equal(created.parent_id, grant.org_id)
  assert.ok(created.path.startsWith(grant.org_path))
  await page.waitForFunction((n) => document.querySelector('[data-testid="org-detail-name"]')?.textContent.trim() === n, name)
  assert.ok((await treeOrgs(page)).some((o) => o.id === created.id), 'the tree shows the new branch')
  await screenshot(page, '02-create-branch-done')
})
