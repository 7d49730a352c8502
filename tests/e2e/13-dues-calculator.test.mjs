// 党费计算器 on a 390×844 phone: demo-member opens it from the menu; 3000 yuan → 15.00 at 0.5%,
// 3000.01 → 30.00 at 1% (one rate on the whole base: the jump at the edge is intended); 学生 →
// the fixed 0.20 with no base asked; a base the page cannot read is refused in Chinese before
// any call to the server. Then the same page on a computer screen.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BASE_URL, DESKTOP, PHONE, field, openBrowser, screenshot, useBrowser } from './lib/browser.mjs'
import { openMenu } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'

const phone = useBrowser(PHONE)

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

const text = async (page, testid) => (await page.getByTestId(testid).textContent()).trim()

/** Waits until the result shows `amount` (a calculation answered). */
async function amountIs(page, amount) {
  await page.waitForFunction(
    (a) => document.querySelector('[data-testid="dues-amount"]')?.textContent.trim() === a,
    amount,
  )
}

async function calculate(page, base, amount) {
  await field(page, 'dues-base').fill(base)
  await page.getByTestId('dues-calc').click()
  await amountIs(page, amount)
}

it('a member calculates their dues on a phone', async () => {
  const { page } = phone
  const quotes = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/dues/quote')) quotes.push(r.postDataJSON())
  })

  await loginViaUi(page, 'demo-member')
  await openMenu(page, 'menu-dues-calculator')
  await page.getByTestId('dues-calc').waitFor()
  await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' })
  assert.match(page.url(), /#\/dues\/calculator$/)
  assert.ok(await page.locator('[data-testid="dues-kind-in_service"].is-checked').isVisible(), '在职 is the default kind')
  const kinds = await page.$$eval('[data-testid^="dues-kind-"]', (els) => els.map((e) => e.textContent.trim()))
  assert.deepEqual(kinds, ['在职', '离退休', '学生', '下岗失业', '领取最低生活保障金', '农民'])
  await noHorizontalScroll(page)
  await screenshot(page, '13-phone-empty')

  // At the edge: 0.5% of the whole 3000.00.
  await calculate(page, '3000', '15.00')
  assert.equal(await text(page, 'dues-rate'), '0.5%')
  assert.equal(await text(page, 'dues-explain'), '月工资收入 3000.00 元 × 0.5% = 15.00 元')
  assert.match(await text(page, 'dues-policy'), /2008/)
  assert.deepEqual(quotes.at(-1), { kind: 'in_service', monthly_base_fen: 300_000 })
  await noHorizontalScroll(page)
  await screenshot(page, '13-phone-3000')

  // One fen more: the next bracket's 1% on the whole base. Editing the base clears the old result.
  await field(page, 'dues-base').fill('3000.01')
  await page.getByTestId('dues-amount').waitFor({ state: 'detached' })
  await page.getByTestId('dues-calc').click()
  await amountIs(page, '30.00')
  assert.equal(await text(page, 'dues-rate'), '1%')
  assert.equal(await text(page, 'dues-explain'), '月工资收入 3000.01 元 × 1% = 30.00 元')
  assert.deepEqual(quotes.at(-1), { kind: 'in_service', monthly_base_fen: 300_001 })
  const active = await page.$$eval('[data-testid="dues-table"] tr[data-active="true"] td', (els) => els.map((e) => e.textContent.trim()))
  assert.deepEqual(active, ['在职', '3000 元以上至 5000 元', '1%'], 'the bracket of the result is marked in the table')
  await page.getByTestId('dues-table').scrollIntoViewIfNeeded()
  await noHorizontalScroll(page)
  await screenshot(page, '13-phone-table')

  // Full-width digits, as a Chinese input method types them.
  await calculate(page, '４８００', '48.00')
  assert.deepEqual(quotes.at(-1), { kind: 'in_service', monthly_base_fen: 480_000 })

  // 学生: a fixed amount; no base is asked for, and the answer comes at once.
  await page.getByTestId('dues-kind-student').click()
  await amountIs(page, '0.20')
  assert.equal(await page.getByTestId('dues-base').count(), 0, 'no base for a fixed kind')
  assert.equal(await text(page, 'dues-rate'), '固定 0.20 元')
  assert.deepEqual(quotes.at(-1), { kind: 'student' })
  await page.getByTestId('dues-calc').click()
  await amountIs(page, '0.20')
  await page.getByTestId('dues-amount').scrollIntoViewIfNeeded()
  await screenshot(page, '13-phone-student')

  // Back to 在职 and a base the page cannot read: refused in Chinese, the server not asked.
  await page.getByTestId('dues-kind-in_service').click()
  await amountIs(page, '48.00')
  const asked = quotes.length
  for (const [bad, message] of [
    ['4800.555', /最多保留两位小数/],
    ['48OO', /请只填写数字金额/],
    ['-1', /不能为负数/],
    ['', /请填写月收入金额/],
  ]) {
    await field(page, 'dues-base').fill(bad)
    await page.getByTestId('dues-error').waitFor({ state: 'detached' }) // typing clears the last message
    await page.getByTestId('dues-calc').click()
    await page.getByTestId('dues-error').waitFor()
    assert.match(await text(page, 'dues-error'), message, `the message for "${bad}"`)
    assert.equal(await page.getByTestId('dues-amount').count(), 0, 'no result next to a refused base')
  }
  assert.equal(quotes.length, asked, 'refused bases never reach the server')
  await field(page, 'dues-base').fill('1e5')
  await page.getByTestId('dues-error').waitFor({ state: 'detached' })
  await page.getByTestId('dues-calc').click()
  await page.getByTestId('dues-error').waitFor()
  await noHorizontalScroll(page)
  await screenshot(page, '13-phone-error')
  // Typing again clears the message; a good base calculates again.
  await calculate(page, '12,500', '250.00')
  await page.getByTestId('dues-error').waitFor({ state: 'detached' })
  assert.equal(await text(page, 'dues-rate'), '2%')
})

it('the calculator works on a computer screen too, for a retiree', async () => {
  const desk = await openBrowser(DESKTOP)
  try {
    const { page } = desk
    await loginViaUi(page, 'demo-member')
    await page.goto(`${BASE_URL}/#/dues/calculator`)
    await page.getByTestId('dues-calc').waitFor()
    assert.ok(await page.getByTestId('menu-dues-calculator').isVisible(), 'the side menu holds the entry')
    await page.getByTestId('dues-kind-retired').click()
    await calculate(page, '6000', '60.00')
    assert.equal(await text(page, 'dues-rate'), '1%')
    assert.equal(await text(page, 'dues-explain'), '离退休费 6000.00 元 × 1% = 60.00 元')
    await screenshot(page, '13-desktop-retired')
  } finally {
    if (desk.problems.length) console.log(desk.problems.join('\n'))
    await desk.close()
  }
})
