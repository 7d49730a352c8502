// 我的档案 on a 390×844 phone: the member sees who revealed their personal data (the branch
// administrator, a moment before), reveals their own ID number, and asks for a correction that
// the branch administrator approves; the record then shows the corrected value.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BASE_URL, DESKTOP, PHONE, apiGet, field, openBrowser, screenshot, useBrowser } from './lib/browser.mjs'
import { expectToast, openMenu } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'
import { gotoRegistry, pickOption, registryRows } from './lib/registry.mjs'

const phone = useBrowser(PHONE)
const NEW_JOB = '学生党支部宣传委员'

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

it('a member reads the access log, reveals their own ID and gets a correction approved', async () => {
  const admin = await openBrowser(DESKTOP)
  try {
    // The branch administrator opens demo-member's record and reveals it.
    const a = admin.page
    await loginViaUi(a, 'demo-branch')
    await gotoRegistry(a, { q: '演示党员' })
    assert.ok((await registryRows(a)).some((r) => r.name === '演示党员'))
    await a.locator('[data-testid="registry-row-name"]', { hasText: '演示党员' }).first().click()
    await a.getByTestId('member-name').waitFor()
    const masked = (await a.getByTestId('member-field-id_number').textContent()).trim()
    assert.match(masked, /\*/, 'the ID number starts masked')
    await a.getByTestId('member-reveal').click()
    await a.getByTestId('member-revealed').waitFor()
    const full = (await a.getByTestId('member-field-id_number').textContent()).trim()
    assert.match(full, /^\d{17}[\dX]$/, 'the full ID number is shown after 查看完整信息')
    await screenshot(a, '10-admin-revealed')

    // The member, on a phone.
    const { page } = phone
    await loginViaUi(page, 'demo-member')
    await openMenu(page, 'menu-me')
    await page.getByTestId('me-name').waitFor()
    assert.equal((await page.getByTestId('me-name').textContent()).trim(), '演示党员')
    await noHorizontalScroll(page)
    const accessors = await page.$$eval('[data-testid="me-access-accessor"]', (els) => els.map((e) => e.textContent.trim()))
    assert.ok(accessors.includes('演示支部书记'), `the branch secretary's look is listed (${accessors.join(', ')})`)
    await page.getByTestId('me-access').scrollIntoViewIfNeeded()
    await screenshot(page, '10-phone-access-log')

    // 查看完整信息 for oneself: the same number the administrator saw; the look is logged as 本人.
    assert.match((await page.getByTestId('me-field-id_number').textContent()).trim(), /\*/)
    await page.getByTestId('me-reveal').click()
    await page.getByTestId('me-revealed').waitFor()
    assert.equal((await page.getByTestId('me-field-id_number').textContent()).trim(), full)
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="me-access-accessor"]')].some((e) => e.textContent.trim() === '本人'),
    )
    await page.getByTestId('me-name').scrollIntoViewIfNeeded()
    await screenshot(page, '10-phone-revealed')

    // Ask to correct 工作岗位. The server checks the whole record on every correction; the demo
    // data makes demo-member join the Party before turning 18, so then 入党日期 is corrected too
    // (to the 18th birthday) — which also uses the "再更正一项" row.
    const own = await apiGet(page, '/me/record')
    const adult = `${Number(own.birth_date.slice(0, 4)) + 18}${own.birth_date.slice(4)}`
    await page.getByTestId('me-correction').scrollIntoViewIfNeeded()
    await pickOption(page, 'me-correction-field-0', 'me-field-option-job')
    await field(page, 'field-job').fill(NEW_JOB)
    if (own.joined_on < adult) {
      await page.getByTestId('me-correction-add').click()
      await pickOption(page, 'me-correction-field-1', 'me-field-option-joined_on')
      await field(page, 'field-joined_on').fill(adult)
      await field(page, 'field-joined_on').press('Enter')
    }
    await field(page, 'me-correction-reason').fill('已担任支部宣传委员，岗位信息需要更新')
    await noHorizontalScroll(page)
    await screenshot(page, '10-phone-correction-form')
    await expectToast(page, () => page.getByTestId('me-correction-submit').click())
    await page.getByTestId('me-correction-row').first().waitFor()
    assert.equal((await page.getByTestId('me-correction-status').first().textContent()).trim(), '待处理')
    await screenshot(page, '10-phone-correction-sent')

    // The branch administrator approves it.
    await a.goto(`${BASE_URL}/#/registry/corrections`)
    const item = a.locator('[data-testid="correction-item"]', { hasText: '演示党员' }).first()
    await item.waitFor()
    assert.match(await item.textContent(), new RegExp(NEW_JOB))
    await screenshot(a, '10-admin-corrections')
    await item.getByTestId('correction-approve').click()
    await a.locator('.el-message-box').waitFor()
    await expectToast(a, () => a.locator('.el-message-box .el-button--primary').click())

    // Back on the phone: approved, and the record holds the new value.
    await page.reload()
    await page.getByTestId('me-name').waitFor()
    await page.waitForFunction(
      () => document.querySelector('[data-testid="me-correction-status"]')?.textContent.trim() === '已通过',
    )
    assert.equal((await page.getByTestId('me-field-job').textContent()).trim(), NEW_JOB)
    await page.getByTestId('me-correction').scrollIntoViewIfNeeded()
    await noHorizontalScroll(page)
    await screenshot(page, '10-phone-correction-approved')
  } finally {
    if (admin.problems.length) console.log(admin.problems.join('\n'))
    await admin.close()
  }
})
