// Helpers for the member registry pages (data-testid names live in web/src/views/registry).
import { BASE_URL, apiGet } from './browser.mjs'
import { session } from './app.mjs'

/** The org of the caller's grant with `role` ({ org_id, org_name, org_path }). */
export async function grantOrg(page, role) {
  const s = await session(page)
  const g = s.grants.find((x) => x.role === role)
  if (!g) throw new Error(`no ${role} grant in ${JSON.stringify(s.grants)}`)
  return g
}

/** Opens the registry with a query (e.g. { org_id: 5, q: '张' }) and waits for its list answer. */
export async function gotoRegistry(page, query = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/members?'))
  await page.goto(`${BASE_URL}/#/registry${qs ? `?${qs}` : ''}`)
  await answer
  await page.getByTestId('registry-total').waitFor()
  await page.waitForTimeout(200) // let the list render
}

/** The rows shown: [{ id, name, org }] (table on a desktop, cards on a phone). */
export async function registryRows(page) {
  return page.$$eval('[data-testid="registry-row-name"]', (els) =>
    els.map((e) => {
      const row = e.closest('tr') ?? e.closest('[data-testid="registry-row"]')
      return { name: e.textContent.trim(), org: row?.querySelector('[data-testid="registry-row-org"]')?.textContent.trim() ?? '' }
    }),
  )
}

/** Members visible to the page's session with a query string, through the API. */
export async function listMembers(page, query) {
  return apiGet(page, `/members?${new URLSearchParams(query).toString()}`)
}

/** Picks an option of an Element Plus select whose options carry data-testid (remote or not). */
export async function pickOption(page, selectTestid, optionTestid, typed) {
  const select = page.getByTestId(selectTestid)
  await select.click()
  if (typed !== undefined) await select.locator('input').fill(typed)
  // The select's own list (aria-controls), so an option of another select's list that is still
  // fading out is never the one clicked.
  const listId = await select.locator('input').first().getAttribute('aria-controls')
  const scope = listId ? page.locator(`[id="${listId}"]`) : page
  const option = scope.locator(`[data-testid="${optionTestid}"]`).first()
  await option.waitFor()
  await option.click()
}

/** Runs `action`, then waits until the route's hash matches `re`; answers the match. */
export async function waitForHash(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(location.hash), re.source)
  return re.exec(await page.evaluate(() => location.hash))
}
