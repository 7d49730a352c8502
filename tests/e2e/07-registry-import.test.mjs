// Importing a real-looking roster from Excel: a merged title, a two-row header, stray spaces,
// full-width digits and four ways of writing a date. A wrong ID check digit is reported with its
// row and column in Chinese and nothing is imported; the fixed file imports; the people are in
// the list; the same file uploaded again changes nothing.
import assert from 'node:assert/strict'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'node:test'
import { ARTIFACTS, BASE_URL, apiGet, screenshot, useBrowser } from './lib/browser.mjs'
import { loginViaUi } from './lib/login.mjs'
import { gotoRegistry, grantOrg, pickOption, registryRows } from './lib/registry.mjs'
import { fullWidth, idNumber, readXlsx, rosterXlsx, withWrongCheck } from './lib/roster.mjs'

const browser = useBrowser()

// Student numbers of this test only (the 2099 intake does not exist in the demo data).
const PEOPLE = [
  { name: ' 赵一凡 ', gender: '男', id: fullWidth(idNumber('110101', '19990315', '013')), student_no: '2099010001', category: '正式党员', joined: '2021.07.01', full: '2022年7月1日', phone: '13800000001' },
  { name: '钱二妹', gender: '女', id: idNumber('310104', '20010520', '024'), student_no: ' 2099010002 ', category: '预备党员', joined: '20250701', phone: ' 13800000002 ' },
  { name: '孙三', gender: '男', id: idNumber('440106', '20030808', '035'), student_no: '2099010003', category: '入党积极分子' },
  { name: '李四娟', gender: '女', id: idNumber('320102', '19981130', '046'), student_no: '2099010004', category: '正式党员', joined: new Date(Date.UTC(2020, 6, 1)), full: '2021-07-01', phone: '13800000004' },
]
const BAD_ROW = 6 // 孙三: the third person, under a title row and a two-row header

function save(name, bytes) {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, name)
  writeFileSync(path, bytes)
  return path
}

async function upload(page, path) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/members/import?') && r.request().method() === 'POST')
  await page.getByTestId('import-file').setInputFiles(path)
  const res = await answer
  assert.equal(res.status(), 200, `the preview was refused: ${await res.text()}`)
  await page.getByTestId('import-preview').waitFor()
  return res.json()
}

async function count(page, action) {
  return Number((await page.getByTestId(`import-count-${action}`).textContent()).trim())
}

it('imports a roster, reports a bad ID with row and column, and is idempotent', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-branch')
  const branch = await grantOrg(page, 'branch_admin')

  const broken = PEOPLE.map((p, i) => (i === 2 ? { ...p, id: withWrongCheck(p.id) } : p))
  const brokenPath = save('07-roster-broken.xlsx', await rosterXlsx(`${branch.org_name}党员花名册`, broken))
  const fixedPath = save('07-roster-fixed.xlsx', await rosterXlsx(`${branch.org_name}党员花名册`, PEOPLE))

  // From the registry's 导入 button: choose the branch, the template downloads.
  await gotoRegistry(page)
  await page.getByTestId('registry-import').click()
  await page.getByTestId('import-start').waitFor()
  await pickOption(page, 'import-org', `org-option-${branch.org_id}`)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  await screenshot(page, '07-import-start')

  // The broken file: one error, said with row and column, and no way to confirm.
  const preview = await upload(page, brokenPath)
  assert.equal(preview.counts.error, 1)
  assert.equal(await count(page, 'error'), 1)
  assert.equal(await count(page, 'new'), 3)
  await page.getByTestId('import-has-errors').waitFor()
  const errors = await page.$$eval('[data-testid="import-row-error"]', (els) => els.map((e) => e.textContent.trim()))
  assert.equal(errors.length, 1, errors.join(' / '))
  const bad = preview.rows.find((r) => r.action === 'error')
  assert.equal(bad.row, BAD_ROW)
  assert.equal(errors[0], `第 ${BAD_ROW} 行“${bad.errors[0].column}”：${bad.errors[0].message}`)
  assert.match(errors[0], /校验位/)
  assert.match(bad.errors[0].column, /公民身份号码|^D$/)
  assert.ok(await page.getByTestId('import-confirm').isDisabled(), 'nothing can be imported while a row is wrong')
  await screenshot(page, '07-import-error')
  await page.getByTestId('import-filter-all').click()
  assert.equal(await page.locator('[data-testid="import-rows"] tr.el-table__row').count(), 4)

  // The fixed file: four new people, confirmed.
  const fixed = await upload(page, fixedPath)
  assert.deepEqual(fixed.counts, { new: 4, update: 0, unchanged: 0, error: 0 })
  assert.equal(await count(page, 'new'), 4)
  await screenshot(page, '07-import-preview')
  const confirmed = page.waitForResponse((r) => r.url().includes('/confirm'))
  await page.getByTestId('import-confirm').click()
  const result = await (await confirmed).json()
  await page.getByTestId('import-result').waitFor()
  assert.equal(result.created, 4)
  const shown = await page.$$eval('[data-testid="credential-row"]', (rows) =>
    rows.map((r) => [r.querySelector('[data-testid="credential-login"]').textContent.trim(), r.querySelector('[data-testid="credential-password"]').textContent.trim()]),
  )
  assert.deepEqual(shown, result.credentials.map((c) => [c.login, c.initial_password]), 'the initial passwords are shown as answered')
  await screenshot(page, '07-import-result')

  // The people are in the branch's list, names trimmed, dates understood.
  await page.getByTestId('import-to-list').click()
  await gotoRegistry(page, { org_id: branch.org_id, q: '2099010' })
  const names = (await registryRows(page)).map((r) => r.name).sort()
  assert.deepEqual(names, ['孙三', '李四娟', '赵一凡', '钱二妹'].sort())
  await screenshot(page, '07-import-list')
  const rows = (await apiGet(page, `/members?org_id=${branch.org_id}&q=2099010&limit=10`)).items
  const by = Object.fromEntries(rows.map((r) => [r.student_no, r]))
  assert.equal(by['2099010001'].joined_on, '2021-07-01')
  assert.equal(by['2099010001'].full_on, '2022-07-01')
  assert.equal(by['2099010001'].birth_date, '1999-03-15', 'the birth date comes from the full-width ID number')
  assert.equal(by['2099010002'].joined_on, '2025-07-01')
  assert.equal(by['2099010004'].joined_on, '2020-07-01', 'a real Excel date')

  // 导出 with the default columns: an .xlsx holding these people, headed in Chinese.
  await gotoRegistry(page, { org_id: branch.org_id, q: '2099010' })
  await page.getByTestId('registry-export').click()
  await page.getByTestId('export-dialog').waitFor()
  await screenshot(page, '07-export-dialog')
  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-submit').click()])
  const exportPath = join(ARTIFACTS, '07-export.xlsx')
  await exported.saveAs(exportPath)
  const sheet = await readXlsx(exportPath)
  const header = sheet.findIndex((r) => r.includes('姓名'))
  assert.ok(header >= 0, `a header row with 姓名: ${JSON.stringify(sheet.slice(0, 3))}`)
  assert.ok(sheet[header].includes('入党日期') && sheet[header].includes('所在党支部'))
  const exportedNames = sheet.slice(header + 1).map((r) => r[sheet[header].indexOf('姓名')]).filter(Boolean).sort()
  assert.deepEqual(exportedNames, ['孙三', '李四娟', '赵一凡', '钱二妹'].sort())

  // The same file again: every row unchanged, nothing to confirm.
  await page.goto(`${BASE_URL}/#/registry/import?org_id=${branch.org_id}`)
  await page.getByTestId('import-start').waitFor()
  const again = await upload(page, fixedPath)
  assert.deepEqual(again.counts, { new: 0, update: 0, unchanged: 4, error: 0 })
  assert.equal(await count(page, 'unchanged'), 4)
  await page.getByTestId('import-nothing').waitFor()
  assert.ok(await page.getByTestId('import-confirm').isDisabled())
  await screenshot(page, '07-import-unchanged')
})
