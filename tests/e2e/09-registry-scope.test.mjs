// A branch administrator sees the people of their own branch only: the list holds nobody else,
// and asking for another branch (a filter in the URL, another person's record) shows the
// server's Chinese "not found or not allowed" message instead of data.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BASE_URL, apiInPage, screenshot, useBrowser } from './lib/browser.mjs'
import { loginViaUi, logoutViaUi } from './lib/login.mjs'
import { gotoRegistry, grantOrg, listMembers, registryRows } from './lib/registry.mjs'

const NOT_VISIBLE = '请求的对象不存在或您无权查看'
const browser = useBrowser()

it('demo-branch cannot see another branch or its members', async () => {
  const { page } = browser

  // Another college's branch and one of its members, found by the university administrator.
  await loginViaUi(page, 'demo-school')
  const targets = (await apiInPage(page, 'GET', `/transfers/targets?q=${encodeURIComponent('机械工程学院')}`)).json.items
  assert.ok(targets.length > 0, 'the demo university has branches in 机械工程学院')
  let other = null
  for (const t of targets) {
    const page1 = await listMembers(page, { org_id: t.id, limit: '1' })
    if (page1.items.length) {
      other = { org: t, member: page1.items[0] }
      break
    }
  }
  assert.ok(other, 'some branch of 机械工程学院 has members')
  await logoutViaUi(page)

  await loginViaUi(page, 'demo-branch')
  const own = await grantOrg(page, 'branch_admin')

  // The whole list: only the own branch, and as many rows as the total says.
  await gotoRegistry(page)
  const total = Number((await page.getByTestId('registry-total').textContent()).match(/\d+/)[0])
  const rows = await registryRows(page)
  assert.ok(rows.length > 0, 'the branch has people')
  assert.equal(rows.length, total, 'a small branch fits on one page')
  for (const r of rows) assert.equal(r.org, own.org_name, `${r.name} belongs to ${r.org}`)
  assert.ok(!rows.some((r) => r.name === other.member.name), 'the other college’s member is not listed')
  await screenshot(page, '09-scope-own-branch')

  // Filtering by the other branch (a link with its org_id): the server's message, no rows.
  await gotoRegistry(page, { org_id: other.org.id })
  await page.getByTestId('registry-error').waitFor()
  assert.equal((await page.getByTestId('registry-error').textContent()).trim(), NOT_VISIBLE)
  assert.equal((await registryRows(page)).length, 0)
  assert.match(await page.getByTestId('registry-total').textContent(), /共 0 人/)
  await screenshot(page, '09-scope-other-org')

  // The other member's record by URL: the same message on the page, nothing of the record.
  await page.goto(`${BASE_URL}/#/registry/members/${other.member.id}`)
  await page.getByTestId('member-error').waitFor()
  assert.match(await page.getByTestId('member-error').textContent(), new RegExp(NOT_VISIBLE))
  assert.equal(await page.getByTestId('member-name').count(), 0)
  assert.ok(!(await page.locator('body').textContent()).includes(other.member.name))
  await screenshot(page, '09-scope-other-member')

  // And the API says the same to this session.
  const direct = await apiInPage(page, 'GET', `/members/${other.member.id}`)
  assert.equal(direct.status, 404)
  assert.equal(direct.json.error.message, NOT_VISIBLE)
})
