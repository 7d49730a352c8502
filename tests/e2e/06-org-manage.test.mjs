// A college admin manages the tree: create, rename, move and dissolve a branch, and start a
// new committee term at a branch with members.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { apiGet, field, openBrowser, screenshot } from './lib/browser.mjs'
import { expectToast, gotoOrgs, selectOrg, session } from './lib/app.mjs'
import { loginViaUi, logoutViaUi } from './lib/login.mjs'

let browser
before(async () => {
  browser = await openBrowser()
})
after(async () => {
  if (browser?.problems.length) console.log(browser.problems.join('\n'))
  await browser?.close()
})

async function detailName(page, name) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="org-detail-name"]')?.textContent.trim() === n, name)
}

it('demo-college creates, renames, moves and dissolves a branch', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-college')
  const grant = (await session(page)).grants.find((g) => g.role === 'college_admin')
  await gotoOrgs(page)
  await selectOrg(page, grant.org_id)

  const name = `E2E临时党支部${Date.now() % 100000}`
  await page.getByTestId('org-create-child').click()
  await page.getByTestId('org-create-kind-branch').click()
  await field(page, 'org-create-name').fill(name)
  await expectToast(page, () => page.getByTestId('org-create-submit').click())
  await detailName(page, name)
  const created = (await apiGet(page, '/orgs')).items.find((o) => o.name === name)

  const renamed = `${name}（改）`
  await page.getByTestId('org-rename').click()
  await field(page, 'org-rename-name').fill(renamed)
  await expectToast(page, () => page.getByTestId('org-rename-submit').click())
  await detailName(page, renamed)
  assert.equal((await apiGet(page, `/orgs/${created.id}`)).name, renamed)

  const target = (await apiGet(page, '/orgs')).items.find((o) => o.kind === 'general_branch')
  if (target) {
    await page.getByTestId('org-move').click()
    await page.getByTestId('org-move-parent').click()
    await page.keyboard.type(target.name)
    await page.locator(`.el-select-dropdown__item[data-testid="org-option-${target.id}"]:visible`).click()
    await screenshot(page, '06-move-dialog')
    await expectToast(page, () => page.getByTestId('org-move-submit').click())
    const moved = await apiGet(page, `/orgs/${created.id}`)
    assert.equal(moved.parent_id, target.id)
    assert.ok(moved.path.startsWith(target.path))
  }

  await page.getByTestId('org-dissolve').click()
  await expectToast(page, () => page.locator('.zhdj-confirm .el-button--danger').click())
  const after = (await apiGet(page, '/orgs')).items
  assert.ok(!after.some((o) => o.id === created.id), 'the dissolved branch is gone')
})

it('demo-college starts a new committee term at a branch', async () => {
  const { page } = browser
  const orgs = (await apiGet(page, '/orgs')).items.filter((o) => o.kind === 'branch' && o.member_count > 0)
  let branch = null
  let members = []
  for (const o of orgs) {
    // Only a full member can hold a committee post (applicants and activists are listed too).
    members = (await apiGet(page, `/orgs/${o.id}/members`)).items.filter((m) => m.category === 'full')
    if (members.length) {
      branch = o
      break
    }
  }
  assert.ok(branch, 'a branch with full members exists')
  const before = (await apiGet(page, `/orgs/${branch.id}/committees`)).items.length

  await gotoOrgs(page)
  await page.goto(page.url().replace(/#.*/, `#/orgs?id=${branch.id}`))
  await detailName(page, branch.name)
  await page.getByRole('tab', { name: '换届管理' }).click()
  await page.getByTestId('committee-new').click()
  await page.getByTestId('committee-dialog').waitFor()
  const today = new Date().toISOString().slice(0, 10)
  await field(page, 'committee-term-start').fill(today)
  await page.keyboard.press('Enter')
  await page.getByTestId('committee-member-0').click()
  await page.locator(`.committee-member-popper [data-testid="member-option-${members[0].id}"]`).click()
  await screenshot(page, '06-committee-dialog')
  await expectToast(page, () => page.getByTestId('committee-submit').click())
  const terms = (await apiGet(page, `/orgs/${branch.id}/committees`)).items
  assert.equal(terms.length, before + 1)
  assert.ok(terms.some((t) => t.term_start === today && t.posts.some((p) => p.member_id === members[0].id && p.post === 'secretary')))
  await screenshot(page, '06-committee-created')
})

it('only the university level delegates admission approval to a college committee', async () => {
  const { page } = browser
  await logoutViaUi(page)
  await loginViaUi(page, 'demo-college')
  const grant = (await session(page)).grants.find((g) => g.role === 'college_admin')
  await gotoOrgs(page)
  await selectOrg(page, grant.org_id)
  const toggle = page.getByTestId('org-approval-delegated')
  await toggle.waitFor()
  assert.ok(await toggle.evaluate((el) => el.classList.contains('is-disabled')), 'a college admin cannot delegate to itself')

  await logoutViaUi(page)
  await loginViaUi(page, 'demo-school')
  await gotoOrgs(page)
  await selectOrg(page, grant.org_id)
  await expectToast(page, () => page.getByTestId('org-approval-delegated').click())
  assert.equal((await apiGet(page, `/orgs/${grant.org_id}`)).approval_delegated, true)
  await page.getByText('已获校党委授权').waitFor()
  // Back as it was, for the tests that follow.
  await expectToast(page, () => page.getByTestId('org-approval-delegated').click())
  assert.equal((await apiGet(page, `/orgs/${grant.org_id}`)).approval_delegated, false)
})
