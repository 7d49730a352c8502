// Each administration level sees only its own subtree of the organization tree.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { apiGet, openBrowser, screenshot } from './lib/browser.mjs'
import { expandAllTree, gotoOrgs, session, treeOrgs, treeRootIds } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

const LEVELS = [
  { login: 'demo-school', role: 'university_admin', kind: 'university_committee' },
  { login: 'demo-college', role: 'college_admin', kind: 'college_committee' },
  { login: 'demo-branch', role: 'branch_admin', kind: 'branch' },
]

describe('org tree scope per administration level', () => {
  /** login → { grantOrg, apiOrgs, treeOrgs } */
  const seen = {}
  let browser

  before(async () => {
    browser = await openBrowser()
  })
  after(async () => {
    if (browser?.problems.length) console.log(browser.problems.join('\n'))
    await browser?.close()
  })

  for (const level of LEVELS) {
    it(`${level.login} sees exactly the subtree of the ${level.role} grant`, async () => {
      const { page, context } = browser
      await context.clearCookies()
      await loginViaUi(page, level.login, { shots: (s) => screenshot(page, `01-${level.login}-${s}`) })

      const s = await session(page)
      const grant = s.grants.find((g) => g.role === level.role)
      assert.ok(grant, `${level.login} has a ${level.role} grant (session grants: ${JSON.stringify(s.grants)})`)
      assert.ok(s.capabilities.includes('org.read'))

      const apiOrgs = (await apiGet(page, '/orgs')).items
      for (const o of apiOrgs) assert.ok(o.path.startsWith(grant.org_path), `GET /orgs gave ${o.name} outside ${grant.org_name}`)
      assert.ok(apiOrgs.some((o) => o.id === grant.org_id), 'the granted org itself is listed')
      assert.equal(apiOrgs.find((o) => o.id === grant.org_id).kind, level.kind)

      await gotoOrgs(page)
      assert.deepEqual(await treeRootIds(page), [grant.org_id], 'the tree starts at the granted org')
      await expandAllTree(page)
      const shown = await treeOrgs(page)
      assert.deepEqual(
        shown.map((o) => o.id).sort((a, b) => a - b),
        apiOrgs.map((o) => o.id).sort((a, b) => a - b),
        'the tree shows exactly what GET /orgs returns in this session',
      )
      await screenshot(page, `01-${level.login}-org-tree`)
      seen[level.login] = { grant, apiOrgs, shown }

      await page.getByTestId('logout').click()
      await page.getByTestId('login-account').waitFor()
    })
  }

  it('lower levels see a strict part of the school tree and no other college', () => {
    const school = seen['demo-school']
    const college = seen['demo-college']
    const branch = seen['demo-branch']
    assert.ok(school && college && branch, 'the three logins above ran')
    const schoolIds = new Set(school.apiOrgs.map((o) => o.id))
    for (const o of [...college.apiOrgs, ...branch.apiOrgs]) assert.ok(schoolIds.has(o.id), `${o.name} is in the school tree`)
    assert.ok(college.apiOrgs.length < school.apiOrgs.length)
    assert.ok(branch.apiOrgs.length < college.apiOrgs.length)

    // Every other college's name must be absent from the college admin's tree.
    const otherColleges = school.apiOrgs.filter((o) => o.kind === 'college_committee' && o.id !== college.grant.org_id)
    assert.ok(otherColleges.length > 0, 'the demo university has more than one college')
    const collegeNames = new Set(college.shown.map((o) => o.name))
    for (const other of otherColleges) assert.ok(!collegeNames.has(other.name), `college admin sees ${other.name}`)

    // The branch admin sees the branch (and its party groups) only.
    assert.ok(branch.grant.org_path.startsWith(college.grant.org_path), 'demo-branch is inside demo-college')
    const branchNames = new Set(branch.shown.map((o) => o.name))
    assert.ok(!branchNames.has(college.grant.org_name), 'branch admin does not see the college')
    for (const o of college.apiOrgs.filter((o) => o.kind === 'branch' && o.id !== branch.grant.org_id))
      assert.ok(!branchNames.has(o.name), `branch admin sees sibling branch ${o.name}`)
  })
})
