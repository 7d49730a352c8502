// The remaining pages against the real server: the audit log (filters, cursor paging) as the
// auditor, and the org detail tabs (committee terms, subtree warnings) as the school admin.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { BASE_URL, apiGet, field, openBrowser, screenshot } from './lib/browser.mjs'
import { gotoOrgs, selectOrg, session } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

let browser
before(async () => {
  browser = await openBrowser()
})
after(async () => {
  if (browser?.problems.length) console.log(browser.problems.join('\n'))
  await browser?.close()
})

async function rowCount(page) {
  return page.locator('[data-testid="audit-table"] .el-table__body-wrapper tr.el-table__row').count()
}

it('the auditor pages through and filters the audit log', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-auditor')
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/audit?')),
    page.getByTestId('menu-audit').click(),
  ])
  await page.locator('[data-testid="audit-table"] tr.el-table__row').first().waitFor()
  await screenshot(page, '05-audit')

  const first = await apiGet(page, '/audit?limit=50')
  assert.equal(await rowCount(page), first.items.length)
  if (first.next_cursor) {
    await page.getByTestId('audit-next').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="audit-page"]').textContent.includes('2'))
    assert.ok((await rowCount(page)) > 0)
    await page.getByTestId('audit-prev').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="audit-page"]').textContent.includes('1'))
  }

  // Filter by an action the log holds (the newest entry's).
  const action = first.items[0].action
  const expected = await apiGet(page, `/audit?limit=50&action=${encodeURIComponent(action)}`)
  await field(page, 'audit-action').fill(action)
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes(`action=${encodeURIComponent(action)}`)),
    page.getByTestId('audit-search').click(),
  ])
  await page.locator('[data-testid="audit-table"] tr.el-table__row').first().waitFor()
  const cells = await page.$$eval('[data-testid="audit-table"] .el-table__body-wrapper tr.el-table__row', (rows) =>
    rows.map((r) => {
      const label = r.querySelector('[data-testid="audit-action-label"]')
      return { code: label?.getAttribute('title'), text: label?.textContent.trim() }
    }),
  )
  assert.equal(cells.length, expected.items.length)
  assert.ok(cells.length > 0)
  for (const c of cells) {
    assert.equal(c.code, action)
    // shown in Chinese, not as the internal code
    assert.match(c.text, /[\u4e00-\u9fff]/)
  }
  // The actor column names people, not "[object Object]".
  assert.ok(!(await page.getByTestId('audit-table').textContent()).includes('[object'))
  await screenshot(page, '05-audit-filtered')
})

it('the school admin reads committee terms and subtree warnings', async () => {
  const { page, context } = browser
  await context.clearCookies()
  await loginViaUi(page, 'demo-school')
  const root = (await session(page)).grants.find((g) => g.role === 'university_admin')
  await gotoOrgs(page)
  await selectOrg(page, root.org_id)

  await page.getByRole('tab', { name: '下属组织预警' }).click()
  await page.getByTestId('subtree-warnings').waitFor()
  const warnings = (await apiGet(page, `/orgs/${root.org_id}/warnings`)).items
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="subtree-warnings"] .el-alert').length === n,
    warnings.length,
  )
  if (warnings.some((w) => w.severity === 'overdue'))
    assert.ok(await page.locator('[data-testid="subtree-warnings"] .el-alert--error').count(), 'overdue shown in red')
  await screenshot(page, '05-subtree-warnings')

  // A branch with a committee: its terms tab lists the current term.
  const branches = (await apiGet(page, '/orgs')).items.filter((o) => o.kind === 'branch')
  let withCommittee = null
  for (const b of branches) {
    const d = await apiGet(page, `/orgs/${b.id}`)
    if (d.committee) {
      withCommittee = d
      break
    }
  }
  assert.ok(withCommittee, 'the demo has a branch with a committee')
  await page.goto(`${BASE_URL}/#/orgs?id=${withCommittee.id}`)
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="org-detail-name"]')?.textContent.trim() === n,
    withCommittee.name,
  )
  await page.getByTestId('org-committee').waitFor()
  await page.getByRole('tab', { name: '换届管理' }).click()
  await page.locator('[data-testid="committee-terms"] .el-timeline-item').first().waitFor()
  await screenshot(page, '05-committee-terms')
})
