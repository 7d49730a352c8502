// Helpers that know the SPA's pages (data-testid names live in web/src).
import { BASE_URL, apiGet } from './browser.mjs'

export async function session(page) {
  return apiGet(page, '/auth/session')
}

export async function openMenu(page, testid) {
  const toggle = page.getByTestId('menu-toggle')
  // On a phone the menu is a drawer that has to be opened first.
  if (!(await page.getByTestId(testid).isVisible())) await toggle.click()
  await page.getByTestId(testid).click()
}

export async function gotoOrgs(page) {
  await page.goto(`${BASE_URL}/#/orgs`)
  await page.getByTestId('org-tree').waitFor()
  await page.locator('[data-testid="org-tree"] [data-org-id]').first().waitFor()
}

/** Expands every node of the org tree (clicking the expanders level by level). */
export async function expandAllTree(page) {
  for (let round = 0; round < 20; round++) {
    const clicked = await page.evaluate(() => {
      const icons = [...document.querySelectorAll('[data-testid="org-tree"] .el-tree-node__expand-icon')].filter(
        (i) => !i.classList.contains('expanded') && !i.classList.contains('is-leaf'),
      )
      for (const i of icons) i.click()
      return icons.length
    })
    if (clicked === 0) return
    await page.waitForTimeout(150)
  }
  throw new Error('org tree did not finish expanding')
}

/** Every org shown in the tree: [{ id, name }]. */
export async function treeOrgs(page) {
  return page.$$eval('[data-testid="org-tree"] [data-org-id]', (els) =>
    els.map((e) => ({ id: Number(e.getAttribute('data-org-id')), name: e.querySelector('.org-node-name').textContent.trim() })),
  )
}

/** Ids of the top-level nodes of the tree. */
export async function treeRootIds(page) {
  return page.$$eval('[data-testid="org-tree"] > .el-tree-node > .el-tree-node__content [data-org-id]', (els) =>
    els.map((e) => Number(e.getAttribute('data-org-id'))),
  )
}

export async function selectOrg(page, id) {
  await page.locator(`[data-testid="org-node-${id}"]`).click()
  await page.waitForFunction(
    (id) => {
      const cur = document.querySelector('[data-testid="org-tree"] .is-current [data-org-id]')
      return cur && Number(cur.getAttribute('data-org-id')) === id && document.querySelector('[data-testid="org-detail-name"]')
    },
    id,
  )
}

/**
 * Runs `action` and waits for the toast it causes (older toasts still on screen are ignored).
 * Answers the toast's text; throws with the text of an error toast instead.
 */
export async function expectToast(page, action, type = 'success') {
  await page.$$eval('.el-message', (els) => els.forEach((e) => e.setAttribute('data-e2e-seen', '')))
  await action()
  const el = page.locator('.el-message:not([data-e2e-seen])').last()
  await el.waitFor()
  const cls = (await el.getAttribute('class')) ?? ''
  const text = (await el.locator('.el-message__content').textContent()).trim()
  if (!cls.includes(`el-message--${type}`)) throw new Error(`expected a ${type} message, got: ${text}`)
  return text
}
