// 党费 from the member's phone to the report. demo-member declares a monthly income of 4800 yuan on
// a 390×844 phone (it waits for the branch); the branch secretary (demo-branch) approves it, sets
// the base of two probationary members of the demo branch (a student: the fixed 0.20; a retiree on
// 6000: 60.00) and generates this month's bills; the phone then shows 48.00 due this month and what
// is owed in all. The secretary imports the finance office's statement (a CSV written here, BOM
// and all) with a row for each of the two members and one the office could not name (a parent paid
// for 演示党员): two rows are matched, the third is resolved by hand; the same file twice is refused
// in Chinese. The report's 实缴 and 收缴率 follow, a voluntary payment of 1000 yuan is marked 特殊党费,
// and the report downloads as Excel. Seven unpaid months of the secretary's own are flagged on the
// arrears list for the branch to decide (自行脱党: the system flags, people decide), and paying the
// oldest is refused by the server until a reason is given. The phone shows the month paid; the
// member asks for a hardship reduction, the branch agrees, the college approves; the college's
// report charts its branches' collection rates.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { BASE_URL, DESKTOP, PHONE, apiGet, field, screenshot, useBrowser } from './lib/browser.mjs'
import { expectToast, openMenu } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'
import { grantOrg, pickOption, waitForHash } from './lib/registry.mjs'
import { localParts } from './lib/meetings.mjs'

const require = createRequire(new URL('../../web/package.json', import.meta.url))
const ExcelJS = require('exceljs')

const admin = useBrowser(DESKTOP)
const phone = useBrowser(PHONE)
const dir = mkdtempSync(join(tmpdir(), 'zhdj-e2e-dues-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const TODAY = localParts(Date.now()).date
const MONTH = TODAY.slice(0, 7)

/** What each step leaves for the next. */
const s = {}

function need(...keys) {
  for (const k of keys) assert.ok(s[k] != null, `${k}: an earlier step did not finish`)
}

/** Integer fen as the server writes yuan: 6020 → "60.20". */
function yuan(fen) {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** docs/api.md: paid / due with one decimal, truncated; null when nothing is due. */
function rateText(paid, due) {
  if (due === 0) return null
  const tenths = Math.floor((paid * 1000) / due)
  return `${Math.trunc(tenths / 10)}.${tenths % 10}%`
}

const text = async (page, testid) => (await page.getByTestId(testid).first().textContent()).trim()

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

/** Waits until `testid` reads `want` (after the page reloaded its data). */
async function waitText(page, testid, want) {
  await page.waitForFunction(
    ([id, w]) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim() === w,
    [testid, want],
  )
}

/** Opens 我的党费 afresh (a reload: the page may be open already) and waits for its numbers. */
async function openMyDues(page) {
  await page.goto(`${BASE_URL}/#/dues/mine`)
  await page.reload()
  await page.getByTestId('my-dues-months').waitFor()
}

/** Fills the base dialog (kind, yuan) and waits for the server's quote before submitting. */
async function declareBase(page, kind, base, amount) {
  const dialog = page.getByTestId('base-dialog')
  await dialog.waitFor()
  await dialog.getByTestId(`base-kind-${kind}`).click()
  if (base != null) await field(page, 'base-amount').fill(base)
  await page.waitForFunction(
    (a) => document.querySelector('[data-testid="base-preview"]')?.textContent.includes(`${a} 元`),
    amount,
  )
  return expectToast(page, () => dialog.getByTestId('base-submit').click())
}

it('a member declares a monthly income of 4800 yuan on the phone; it waits for the branch', async () => {
  const p = phone.page
  await loginViaUi(p, 'demo-member')
  await openMenu(p, 'menu-dues-mine')
  await waitForHash(p, /#\/dues\/mine$/)
  await p.getByTestId('my-dues-base').waitFor()
  await p.getByTestId('menu-drawer').waitFor({ state: 'hidden' })
  s.memberId = (await apiGet(p, '/auth/session')).member_id
  assert.ok(s.memberId, 'demo-member has a registry record')

  await p.getByTestId('my-dues-declare').click()
  // A base the page cannot read is refused next to the field, before any call.
  await field(p, 'base-amount').fill('4800.555')
  await p.getByTestId('base-submit').click()
  const error = p.locator('[data-testid="base-dialog"] .el-form-item__error')
  await error.waitFor()
  assert.match((await error.textContent()).trim(), /最多保留两位小数/)
  await screenshot(p, '14-phone-declare-refused')
  const toast = await declareBase(p, 'in_service', '4800', '48.00')
  assert.equal(toast, '已提交，等待党支部审批')
  await p.getByTestId('my-dues-base-pending').waitFor()
  assert.match(await text(p, 'my-dues-base-pending'), new RegExp(`${MONTH} 起每月 48\\.00 元，等待党支部审批`))
  assert.equal(await p.getByTestId('my-dues-declare').isDisabled(), true, 'one declaration waits at a time')
  await noHorizontalScroll(p)
  await screenshot(p, '14-phone-declared')
})

it('the branch secretary approves it, sets the base of two members and generates the month’s bills', async () => {
  need('memberId')
  const a = admin.page
  await loginViaUi(a, 'demo-branch')
  const branch = await grantOrg(a, 'branch_admin')
  s.branch = branch

  // 待审批: the member's declaration, approved.
  await openMenu(a, 'menu-dues-admin')
  await waitForHash(a, /#\/dues\/bills/)
  await a.getByTestId('dues-nav-requests').click()
  const pending = a.locator(`[data-testid="pending-base"][data-member-id="${s.memberId}"]`)
  await pending.waitFor()
  assert.match(await pending.textContent(), /演示党员/)
  assert.match(await pending.textContent(), /每月党费 48\.00 元（1%）/)
  await screenshot(a, '14-requests')
  const baseId = await pending.getAttribute('data-base-id')
  const approved = await expectToast(a, () => a.getByTestId(`base-approve-${baseId}`).click())
  assert.match(approved, /已批准 演示党员 的申报，每月党费 48\.00 元/)
  await pending.waitFor({ state: 'detached' })

  // Two probationary members of the branch: a student (0.20 fixed) and a retiree (6000 → 60.00).
  const people = (await apiGet(a, `/members?org_id=${branch.org_id}&category=full,probationary&limit=200`)).items
  const others = people.filter((m) => !['演示党员', '演示支部书记'].includes(m.name) && m.student_no && !m.lost_contact)
  const unique = others.filter((m) => people.filter((x) => x.name === m.name).length === 1)
  assert.ok(unique.length >= 2, `two more party members in the demo branch (${JSON.stringify(people.map((m) => m.name))})`)
  s.student = unique[0]
  s.retiree = unique[1]

  await a.getByTestId('dues-nav-bills').click()
  await waitForHash(a, /#\/dues\/bills/)
  await a.locator(`[data-testid="bills-member"][data-member-id="${s.student.id}"]`).waitFor()
  await a.getByTestId(`bills-declare-${s.student.id}`).click()
  assert.match(await declareBase(a, 'student', null, '0.20'), new RegExp(`${s.student.name}`))
  await a.getByTestId(`bills-declare-${s.retiree.id}`).click()
  assert.match(await declareBase(a, 'retired', '6000', '60.00'), new RegExp(`${s.retiree.name}`))

  // This month's bills (idempotent: generating again creates nothing new).
  assert.equal(await field(a, 'bills-month').inputValue(), MONTH)
  await expectToast(a, () => a.getByTestId('bills-generate').click())
  const generated = a.getByTestId('bills-generated')
  await generated.waitFor()
  const created = Number(await generated.getAttribute('data-created'))
  const existed = Number(await generated.getAttribute('data-existing'))
  assert.ok(created >= 3, `the three members with a base are billed (created ${created})`)
  const missing = await a.$$eval('[data-testid="bills-missing"]', (els) => els.map((e) => Number(e.dataset.memberId)))
  for (const id of [s.memberId, s.student.id, s.retiree.id]) assert.ok(!missing.includes(id), `member ${id} has a base`)
  await screenshot(a, '14-bills-generated')
  for (const [m, amount] of [
    [{ id: s.memberId }, '48.00'],
    [s.student, '0.20'],
    [s.retiree, '60.00'],
  ]) {
    const row = a.locator(`[data-testid="bills-member"][data-member-id="${m.id}"]`)
    await a.waitForFunction((id) => document.querySelector(`[data-testid="bills-member"][data-member-id="${id}"]`)?.dataset.status === 'unpaid', m.id)
    assert.match(await row.textContent(), new RegExp(`应缴 ${amount.replace('.', '\\.')} · 已缴 0\\.00`))
  }
  await expectToast(a, () => a.getByTestId('bills-generate').click())
  await a.waitForFunction(() => document.querySelector('[data-testid="bills-generated"]')?.dataset.created === '0')
  assert.equal(Number(await generated.getAttribute('data-existing')), existed + created, 'the second time finds them all billed')

  const report = await apiGet(a, `/dues/report?org_id=${branch.org_id}&period=${MONTH}`)
  s.before = report.summary
  await waitText(a, 'bills-summary-due', report.summary.due_yuan)
  assert.equal(await text(a, 'bills-summary-rate'), report.summary.collection_rate ?? '—')
})

it('the member’s phone shows 48.00 due this month and what is owed in all', async () => {
  need('before')
  const p = phone.page
  await openMyDues(p)
  await waitText(p, 'my-dues-month-amount', '48.00')
  const bills = (await apiGet(p, '/dues/bills')).items
  const owed = bills.reduce((sum, b) => sum + b.outstanding_fen, 0)
  assert.ok(owed >= 4800, 'this month is owed')
  assert.equal(await text(p, 'my-dues-outstanding'), yuan(owed))
  assert.equal(await p.getByTestId('my-dues-month-status').getAttribute('data-status'), 'unpaid')
  assert.equal(await text(p, 'my-dues-month-status'), '待缴', 'a month still running is due, not in arrears')
  const row = p.locator(`[data-testid="my-dues-month-row"][data-month="${MONTH}"]`)
  assert.equal((await row.getByTestId('month-due').textContent()).trim(), '48.00')
  assert.equal((await row.getByTestId('month-paid').textContent()).trim(), '0.00')
  assert.equal((await row.getByTestId('month-outstanding').textContent()).trim(), '48.00')
  assert.match(await text(p, 'my-dues-base-current'), /在职.*月收入 4800\.00 元/s)
  assert.match(await text(p, 'my-dues-base-current'), /每月党费 48\.00 元（1%）/)
  await noHorizontalScroll(p)
  await screenshot(p, '14-phone-bill')
  s.owedBefore = owed
})

it('the secretary imports the finance statement: two rows matched, the third resolved by hand', async () => {
  need('branch', 'student', 'retiree', 'before')
  const a = admin.page
  // What each member's oldest bills owe is what a matching row pays (here: this month's bill).
  const oldest = async (id) => (await apiGet(a, `/dues/bills?member_id=${id}`)).items.filter((b) => b.outstanding_fen > 0).sort((x, y) => (x.month < y.month ? -1 : 1))[0]
  const studentBill = await oldest(s.student.id)
  const retireeBill = await oldest(s.retiree.id)
  assert.equal(studentBill.month, MONTH)
  assert.equal(studentBill.outstanding_fen, 20)
  assert.equal(retireeBill.outstanding_fen, 6000)

  // The finance office's export: a BOM, a unit in the header, ￥ and a quoted amount; the last
  // row was paid by a parent, so the office could not name the member.
  const day = TODAY.replaceAll('-', '/')
  const csv =
    '\ufeff序号,姓名,学号/工号,金额（元）,缴费日期,摘要\r\n' +
    `1,${s.student.name},${s.student.student_no},0.20,${day},${MONTH}党费\r\n` +
    `2,${s.retiree.name},${s.retiree.student_no},"￥60.00",${TODAY},${MONTH}党费\r\n` +
    `3,演示家长,,48.00,${day},代演示党员交${MONTH}党费\r\n`
  const file = join(dir, `财务处党费到账-${MONTH}.csv`)
  writeFileSync(file, csv, 'utf8')

  await a.getByTestId('dues-nav-import').click()
  await waitForHash(a, /#\/dues\/import/)
  await a.getByTestId('statement-choose').waitFor()
  await a.getByTestId('statement-file').setInputFiles(file)
  const result = a.getByTestId('statement-result')
  await result.waitFor()
  assert.equal(await text(a, 'statement-rows'), '3')
  assert.equal(await text(a, 'statement-matched'), '2')
  assert.equal(await text(a, 'statement-unmatched'), '1')
  assert.equal(await text(a, 'statement-amount'), '108.20')
  const matched = await a.$$eval('[data-testid="statement-payment"]', (els) => els.map((e) => Number(e.dataset.memberId)))
  assert.deepEqual(matched.sort(), [s.student.id, s.retiree.id].sort())
  const row = result.locator('[data-testid="unmatched-row"][data-row="4"]')
  await row.waitFor()
  assert.equal(await row.getAttribute('data-reason'), 'no_member')
  assert.match((await row.getByTestId('unmatched-reason').textContent()).trim(), /未找到.*党员/)
  assert.match(await row.textContent(), /演示家长.*48\.00 元/s)
  await screenshot(a, '14-import-result')

  // The two matched rows count at once: 0.20 + 60.00 of what is due.
  const half = (await apiGet(a, `/dues/report?org_id=${s.branch.org_id}&period=${MONTH}`)).summary
  assert.equal(half.paid_fen, s.before.paid_fen + 20 + 6000)
  assert.equal(half.collection_rate, rateText(half.paid_fen, s.before.due_fen))

  // By hand: 演示党员's month, exactly what it owes.
  const rowId = await row.getAttribute('data-row-id')
  await row.getByTestId(`unmatched-assign-${rowId}`).click()
  const dialog = a.getByTestId('assign-dialog')
  await dialog.waitFor()
  await pickOption(a, 'assign-member', `member-option-${s.memberId}`, '演示党员')
  await dialog.getByTestId(`assign-month-${MONTH}`).click()
  await a.waitForFunction((m) => document.querySelector('[data-testid="assign-preview"]')?.textContent.includes(`${m} 48.00 元`), MONTH)
  await screenshot(a, '14-assign')
  const done = await expectToast(a, () => dialog.getByTestId('assign-submit').click())
  assert.equal(done, '已记入 演示党员 的党费 48.00 元')
  await a.waitForFunction((id) => document.querySelector(`[data-testid="statement-result"] [data-row-id="${id}"]`)?.dataset.status === 'assigned', rowId)
  await a.locator(`[data-testid="unmatched-all"] [data-row-id="${rowId}"]`).waitFor({ state: 'detached' })

  // The same file again: refused next to the upload button, in Chinese.
  await a.getByTestId('statement-file').setInputFiles(file)
  await a.getByTestId('statement-error').waitFor()
  assert.match(await text(a, 'statement-error'), /不能重复导入/)
  await screenshot(a, '14-import-twice')
  s.imported = 20 + 6000 + 4800
})

it('the report follows: 实缴 and 收缴率 change, a 1000-yuan voluntary payment counts as 特殊党费, Excel downloads', async () => {
  need('imported')
  const a = admin.page
  const before = s.before
  const paid = before.paid_fen + s.imported
  const rate = rateText(paid, before.due_fen)
  assert.notEqual(rate, before.collection_rate, 'the collection rate changes')

  await a.getByTestId('dues-nav-report').click()
  await waitForHash(a, /#\/dues\/report/)
  await a.getByTestId('report-summary').waitFor()
  // The branch's own numbers for this month.
  if ((await a.getByTestId('report-summary').getAttribute('data-org-id')) !== String(s.branch.org_id)) {
    await pickOption(a, 'report-org', `org-option-${s.branch.org_id}`, s.branch.org_name)
    await a.waitForFunction((id) => document.querySelector('[data-testid="report-summary"]')?.dataset.orgId === String(id), s.branch.org_id)
  }
  assert.equal(await a.getByTestId('report-summary').getAttribute('data-period'), MONTH)
  await waitText(a, 'report-paid', yuan(paid))
  assert.equal(await text(a, 'report-due'), yuan(before.due_fen))
  assert.equal(await text(a, 'report-outstanding'), yuan(before.due_fen - paid))
  assert.equal(await text(a, 'report-rate'), rate)
  const api = (await apiGet(a, `/dues/report?org_id=${s.branch.org_id}&period=${MONTH}`)).summary
  assert.equal(api.collection_rate, rate, 'the page shows the server’s rate')
  await screenshot(a, '14-report')

  // A voluntary 1000 yuan from the retiree: 特殊党费, not allocated to bills.
  await a.getByTestId('dues-nav-bills').click()
  await a.getByTestId(`bills-pay-${s.retiree.id}`).click()
  const pay = a.getByTestId('pay-dialog')
  await pay.waitFor()
  await pay.getByTestId('pay-kind-extra').click()
  await pay.getByTestId('pay-method-transfer').click()
  await field(a, 'pay-amount').fill('1000')
  await pay.getByTestId('pay-special').waitFor()
  const recorded = await expectToast(a, () => pay.getByTestId('pay-submit').click())
  assert.equal(recorded, `已登记 ${s.retiree.name} 缴费 1000.00 元`)
  const special = a.locator('[data-testid="bills-payments"] [data-testid="payment-row"][data-kind="extra"]')
  await special.waitFor()
  assert.equal(await special.getAttribute('data-amount'), '1000.00')
  await special.getByTestId('payment-special').waitFor()

  await a.getByTestId('dues-nav-report').click()
  await a.getByTestId('report-summary').waitFor()
  await waitText(a, 'report-special', yuan(before.special_fen + 100_000))
  assert.equal(await text(a, 'report-rate'), rate, 'a voluntary payment does not change the collection rate')

  // 导出 Excel: the same figures as a file.
  const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('report-export').click()])
  assert.match(download.suggestedFilename(), /^党费收缴统计-.*\.xlsx$/)
  const saved = join(dir, 'report.xlsx')
  await download.saveAs(saved)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(saved)
  const sheet = book.getWorksheet('党费收缴统计')
  assert.ok(sheet, 'the sheet 党费收缴统计')
  const cells = []
  sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.text ?? c.value))))
  assert.ok(cells.some((c) => c.includes(s.branch.org_name)), 'the file names the branch')
})

/** 'YYYY-MM' `n` months after `month` (before when negative). */
function addMonths(month, n) {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** Types a month into an Element Plus month picker (data-testid on its wrapper). */
async function typeMonth(page, testid, month) {
  const input = field(page, testid)
  await input.click()
  await input.fill(month)
  await input.press('Enter')
  await page.waitForFunction(([id, m]) => document.querySelector(`[data-testid="${id}"] input`)?.value === m, [testid, month])
}

it('seven unpaid months in a row are flagged for the branch to decide; paying the oldest needs a reason the server asks for', async () => {
  need('branch')
  const a = admin.page
  const people = (await apiGet(a, `/members?org_id=${s.branch.org_id}&q=${encodeURIComponent('演示支部书记')}`)).items
  const secretary = people.find((m) => m.name === '演示支部书记')
  assert.ok(secretary, 'the secretary is a member of the branch')
  const first = addMonths(MONTH, -7)
  const last = addMonths(MONTH, -1)

  // The secretary's own base, from seven months back (an administrator's applies at once).
  await a.getByTestId('dues-nav-bills').click()
  await waitForHash(a, /#\/dues\/bills/)
  await a.getByTestId(`bills-declare-${secretary.id}`).click()
  await a.getByTestId('base-dialog').waitFor()
  await typeMonth(a, 'base-month', first)
  await declareBase(a, 'in_service', '3000', '15.00')

  // Bills for the seven ended months, one month at a time.
  for (let m = first; m <= last; m = addMonths(m, 1)) {
    await typeMonth(a, 'bills-month', m)
    await expectToast(a, () => a.getByTestId('bills-generate').click())
    await a.waitForFunction((m) => document.querySelector('[data-testid="bills-generated"]')?.dataset.month === m, m)
    assert.ok(Number(await a.getByTestId('bills-generated').getAttribute('data-created')) >= 1, `${m} billed`)
  }

  // 欠缴名单: the run of seven is a 自行脱党 case, marked for the branch to decide.
  await a.getByTestId('dues-nav-arrears').click()
  await waitForHash(a, /#\/dues\/arrears/)
  const row = a.locator(`[data-testid="arrears-row"][data-member-id="${secretary.id}"]`)
  await row.waitFor()
  assert.equal(await row.getAttribute('data-lapse'), 'true')
  assert.equal(await row.getAttribute('data-run'), '7')
  assert.equal((await row.getByTestId('arrears-outstanding').textContent()).trim(), '105.00 元')
  assert.equal((await row.getByTestId('arrears-lapse').textContent()).trim(), '连续 7 个月未交纳 · 需支部研究决定')
  assert.match(await text(a, 'arrears-cases-note'), /系统仅作提示.*需支部研究决定/)
  await screenshot(a, '14-arrears')

  // 补缴 of 15.00 without choosing months: it goes to the oldest, more than six months back, and
  // the server asks for a reason — said on the field the form then shows.
  await row.getByTestId(`arrears-pay-${secretary.id}`).click()
  const pay = a.getByTestId('pay-dialog')
  await pay.waitFor()
  await pay.locator(`[data-testid="pay-month-${first}"]`).waitFor()
  assert.equal(await field(a, 'pay-amount').inputValue(), '105.00', 'the unpaid months are chosen and their amount filled in')
  for (let m = first; m <= last; m = addMonths(m, 1)) await pay.getByTestId(`pay-month-${m}`).click()
  await field(a, 'pay-amount').fill('15')
  await a.waitForFunction((m) => document.querySelector('[data-testid="pay-preview"]')?.textContent.includes(`${m} 15.00 元`), first)
  assert.equal(await pay.getByTestId('pay-override').count(), 0, 'no reason asked before the server asks')
  await pay.getByTestId('pay-submit').click()
  const overrideError = pay.locator('.el-form-item__error').filter({ hasText: '补缴' })
  await overrideError.waitFor()
  assert.match((await overrideError.textContent()).trim(), new RegExp(`补缴 ${first} 的党费已超过 6 个月`))
  await field(a, 'pay-override').fill('本人外派援疆，经支部委员会研究同意补缴')
  await screenshot(a, '14-back-payment')
  assert.equal(await expectToast(a, () => pay.getByTestId('pay-submit').click()), '已登记 演示支部书记 缴费 15.00 元')
  await a.waitForFunction((id) => document.querySelector(`[data-testid="arrears-row"][data-member-id="${id}"]`)?.dataset.run === '6', secretary.id)
  assert.equal(await row.getAttribute('data-lapse'), 'true', 'six in a row is still a case')
  assert.equal((await row.getByTestId('arrears-outstanding').textContent()).trim(), '90.00 元')
  const payments = (await apiGet(a, `/dues/payments?member_id=${secretary.id}`)).items
  assert.equal(payments[0].override_reason, '本人外派援疆，经支部委员会研究同意补缴')
  assert.deepEqual(payments[0].allocations.map((x) => x.month), [first])
})

it('the member’s phone shows the month paid by the statement row', async () => {
  need('imported', 'owedBefore')
  const p = phone.page
  await openMyDues(p)
  await p.waitForFunction(() => document.querySelector('[data-testid="my-dues-month-status"]')?.dataset.status === 'paid')
  assert.equal(await text(p, 'my-dues-month-status'), '已缴清')
  assert.equal(await text(p, 'my-dues-outstanding'), yuan(s.owedBefore - 4800))
  const row = p.locator(`[data-testid="my-dues-month-row"][data-month="${MONTH}"]`)
  assert.equal((await row.getByTestId('month-paid').textContent()).trim(), '48.00')
  assert.equal((await row.getByTestId('month-outstanding').textContent()).trim(), '0.00')
  const payment = p.locator('[data-testid="my-dues-year"] [data-testid="payment-row"]').first()
  assert.equal(await payment.getAttribute('data-amount'), '48.00')
  assert.match(await payment.textContent(), /财务导入/)
  assert.match(await payment.textContent(), new RegExp(`缴纳 ${MONTH}`))
  await payment.scrollIntoViewIfNeeded()
  await noHorizontalScroll(p)
  await screenshot(p, '14-phone-paid')
})

it('the member asks for a hardship reduction on the phone; the branch agrees and sends it up', async () => {
  need('memberId', 'branch')
  const p = phone.page
  const from = addMonths(MONTH, 1)
  const to = addMonths(MONTH, 3)
  await openMyDues(p)
  await p.getByTestId('my-dues-relief').click()
  const dialog = p.getByTestId('relief-dialog')
  await dialog.waitFor()
  await field(p, 'relief-monthly').fill('20')
  await typeMonth(p, 'relief-from', from)
  await typeMonth(p, 'relief-to', to)
  // The reason is required, said next to the field.
  await dialog.getByTestId('relief-submit').click()
  const error = dialog.locator('.el-form-item__error').filter({ hasText: '申请理由' })
  await error.waitFor()
  await field(p, 'relief-reason').fill('家中老人重病住院，医疗费用负担较重')
  await noHorizontalScroll(p)
  await screenshot(p, '14-phone-relief')
  assert.equal(await expectToast(p, () => dialog.getByTestId('relief-submit').click()), '减免申请已提交，等待党支部研究')
  const mine = p.locator('[data-testid="my-relief"]').first()
  await mine.waitFor()
  assert.equal(await mine.getAttribute('data-status'), 'branch_review')
  assert.match(await mine.textContent(), new RegExp(`每月 20\\.00 元.*${from} – ${to}`, 's'))

  // The branch decides first: agreed, and sent to the college.
  const a = admin.page
  await a.goto(`${BASE_URL}/#/dues/requests`)
  const pending = a.locator(`[data-testid="pending-relief"]`).filter({ hasText: '演示党员' })
  await pending.waitFor()
  assert.equal(await pending.getAttribute('data-status'), 'branch_review')
  const id = await pending.getAttribute('data-relief-id')
  await a.getByTestId(`relief-approve-${id}`).click()
  await a.getByTestId('reason-dialog').waitFor()
  await field(a, 'reason-input').fill('经支部委员会研究，情况属实')
  assert.equal(await expectToast(a, () => a.getByTestId('reason-submit').click()), '支部已同意 演示党员 的减免申请，已报上级审批')
  s.reliefId = id
})

it('the college administrator approves the reduction and sees the branch’s collection rate among the college’s branches', async () => {
  need('imported')
  const a = admin.page
  await a.getByTestId('logout').click()
  await a.getByTestId('login-account').waitFor()
  await loginViaUi(a, 'demo-college')
  const college = await grantOrg(a, 'college_admin')

  // The higher step: the college approves the reduction the branch agreed to.
  if (s.reliefId) {
    await openMenu(a, 'menu-dues-admin')
    await a.getByTestId('dues-nav-requests').click()
    const relief = a.locator(`[data-testid="pending-relief"][data-relief-id="${s.reliefId}"]`)
    await relief.waitFor()
    assert.equal(await relief.getAttribute('data-status'), 'approval_review')
    assert.match(await relief.textContent(), /支部已同意（演示支部书记）：经支部委员会研究，情况属实/)
    await a.getByTestId(`relief-approve-${s.reliefId}`).click()
    await a.getByTestId('reason-dialog').waitFor()
    assert.equal(await expectToast(a, () => a.getByTestId('reason-submit').click()), '已批准 演示党员 的减免申请。')
    await relief.waitFor({ state: 'detached' })
    const approved = (await apiGet(phone.page, '/dues/reliefs')).items.find((r) => String(r.id) === s.reliefId)
    assert.equal(approved.status, 'approved')
    assert.equal(approved.monthly_fen, 2000)
  }

  await openMenu(a, 'menu-dues-report')
  await waitForHash(a, /#\/dues\/report/)
  await a.getByTestId('report-children').waitFor()
  assert.equal(await a.getByTestId('report-summary').getAttribute('data-org-id'), String(college.org_id), 'the report opens on the top of the scope')
  const api = await apiGet(a, `/dues/report?org_id=${college.org_id}&period=${MONTH}`)
  const branchRow = api.children.find((c) => c.id === s.branch.org_id || s.branch.org_name.startsWith(c.name))
  assert.ok(branchRow, 'the demo branch (or the org holding it) is a child of the college')
  await waitText(a, `report-child-rate-${branchRow.id}`, branchRow.collection_rate)
  assert.equal(await text(a, 'report-rate'), api.summary.collection_rate ?? '—')
  assert.equal(await text(a, 'report-paid'), api.summary.paid_yuan)
  await a.locator('[data-testid="dues-rate-chart"] canvas').waitFor()
  await screenshot(a, '14-report-college')
  // A child's name opens its own report.
  await a.getByTestId(`report-child-${branchRow.id}`).click()
  await a.waitForFunction((id) => document.querySelector('[data-testid="report-summary"]')?.dataset.orgId === String(id), branchRow.id)
  await waitText(a, 'report-rate', branchRow.collection_rate)
})
