// A transfer between two branches of different colleges: the branch administrator asks for it
// from the person's record, the sending college approves, the university (acting for the
// receiving side) confirms; the person is then listed under the new branch and not the old.
// And a transfer out of the university: the letter (print view and PDF), then its receipt.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { it } from 'node:test'
import { BASE_URL, apiGet, apiInPage, field, screenshot, useBrowser } from './lib/browser.mjs'
import { expectToast, openMenu } from './lib/app.mjs'
import { loginViaUi, logoutViaUi } from './lib/login.mjs'
import { gotoRegistry, grantOrg, pickOption, registryRows, waitForHash } from './lib/registry.mjs'

const browser = useBrowser()

/** Opens 组织关系转接 › 待我处理 and then the transfer `id` from that list. */
async function openFromTodo(page, id) {
  await openMenu(page, 'menu-transfers')
  await page.getByTestId('transfer-tabs').waitFor()
  const row = page.locator(`[data-testid="transfer-row"][data-transfer-id="${id}"]`)
  await row.waitFor()
  await row.click()
  await page.getByTestId('transfer-detail').waitFor()
}

async function statusText(page) {
  return (await page.getByTestId('transfer-status').textContent()).trim()
}

it('moves a member to a branch of another college in three hands', async () => {
  const { page } = browser
  await loginViaUi(page, 'demo-branch')
  const from = await grantOrg(page, 'branch_admin')
  // Someone of the branch other than the demo logins, active and with no transfer under way.
  const people = (await apiGet(page, `/members?org_id=${from.org_id}&limit=200`)).items
  const person = people.find((p) => !p.name.startsWith('演示') && p.status === 'active')
  assert.ok(person, 'the branch has an ordinary active member')
  const target = (await apiGet(page, `/transfers/targets?q=${encodeURIComponent('机械工程学院本科生第一')}`)).items[0]
  assert.ok(target, 'a branch of 机械工程学院 to move to')

  // 1. demo-branch asks for the transfer from the person's record.
  await page.goto(`${BASE_URL}/#/registry/members/${person.id}`)
  await page.getByTestId('member-transfer').click()
  await page.getByTestId('transfer-dialog').waitFor()
  assert.equal(await field(page, 'transfer-member-name').inputValue(), person.name)
  await pickOption(page, 'transfer-target', `transfer-target-${target.id}`, '机械工程学院本科生第一')
  await field(page, 'transfer-reason').fill('转入机械工程学院攻读第二学位')
  await screenshot(page, '08-transfer-request')
  await page.getByTestId('transfer-submit').click()
  const [, id] = await waitForHash(page, /#\/registry\/transfers\/(\d+)/)
  await page.getByTestId('transfer-detail').waitFor()
  assert.equal(await statusText(page), '待转出支部审批')
  assert.equal((await page.getByTestId('transfer-to').textContent()).trim(), target.name)
  await logoutViaUi(page)

  // 2. The sending college approves.
  await loginViaUi(page, 'demo-college')
  await openFromTodo(page, id)
  await screenshot(page, '08-transfer-college')
  await expectToast(page, () => page.getByTestId('transfer-approve').click())
  await page.waitForFunction(() => document.querySelector('[data-testid="transfer-status"]')?.textContent.trim() === '待接收')
  assert.equal(await page.getByTestId('transfer-approve').count(), 0, 'no second approval')
  assert.equal(await page.getByTestId('transfer-confirm').count(), 0, 'the sender cannot confirm for the receiver')
  await logoutViaUi(page)

  // 3. The university confirms for the receiving branch.
  await loginViaUi(page, 'demo-school')
  await openFromTodo(page, id)
  await expectToast(page, () => page.getByTestId('transfer-confirm').click())
  await page.waitForFunction(() => document.querySelector('[data-testid="transfer-status"]')?.textContent.trim() === '已完成')
  await screenshot(page, '08-transfer-done')

  // The person is listed under the new branch, and no longer under the old one.
  await gotoRegistry(page, { org_id: target.id, q: person.name })
  const there = await registryRows(page)
  assert.ok(there.some((r) => r.name === person.name && r.org === target.name), `${person.name} is in ${target.name}`)
  await screenshot(page, '08-transfer-new-branch')
  await gotoRegistry(page, { org_id: from.org_id, q: person.name })
  assert.ok(!(await registryRows(page)).some((r) => r.name === person.name), `${person.name} left ${from.org_name}`)

  // The record says so too, with the move in its history.
  const rec = (await apiInPage(page, 'GET', `/members/${person.id}`)).json
  assert.equal(rec.org_id, target.id)
  const history = (await apiInPage(page, 'GET', `/members/${person.id}/history`)).json.items
  assert.ok(history.some((h) => h.field === 'org' && h.new_value === target.name))
})

it('transfers a member out of the university with an introduction letter and its receipt', async () => {
  const { page, context } = browser
  // Still signed in as the university administrator after the test above, or sign in now.
  const who = await apiInPage(page, 'GET', '/auth/session')
  if (who.status !== 200 || who.json.account.login !== 'demo-school') await loginViaUi(page, 'demo-school')
  const branch = (await apiGet(page, `/transfers/targets?q=${encodeURIComponent('计算机科学与技术学院研究生')}`)).items[0]
  const person = (await apiGet(page, `/members?org_id=${branch.id}&category=full&limit=50`)).items.find((p) => p.status === 'active')
  assert.ok(person, 'a full member of a graduate branch')

  await page.goto(`${BASE_URL}/#/registry/members/${person.id}`)
  await page.getByTestId('member-transfer').click()
  await page.getByTestId('transfer-direction-outgoing').click()
  await field(page, 'transfer-outside-unit').fill('中共北京市海淀区中关村街道工作委员会')
  await field(page, 'transfer-reason').fill('毕业离校，到中关村街道工作')
  await page.getByTestId('transfer-submit').click()
  await waitForHash(page, /#\/registry\/transfers\/(\d+)/)
  await expectToast(page, () => page.getByTestId('transfer-approve').click())
  await page.getByTestId('transfer-letter').waitFor()

  // The letter's print view opens in a new tab; the PDF downloads.
  const [letter] = await Promise.all([context.waitForEvent('page'), page.getByTestId('transfer-letter').click()])
  await letter.waitForLoadState()
  assert.equal(await letter.title(), '中国共产党组织关系介绍信')
  assert.match(await letter.locator('body').textContent(), new RegExp(`兹介绍${person.name}同志`))
  await letter.close()
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('transfer-letter-pdf').click()])
  const bytes = await readFile(await pdf.path())
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
  await screenshot(page, '08-outgoing-letter')

  // The receiving organization's receipt closes it; the person has left the university's roll.
  await page.getByTestId('transfer-receipt').click()
  await page.getByTestId('receipt-dialog').waitFor()
  const today = await page.evaluate(() => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()))
  await field(page, 'receipt-date').fill(today)
  await field(page, 'receipt-date').press('Enter')
  await expectToast(page, () => page.getByTestId('receipt-submit').click())
  await page.waitForFunction(() => document.querySelector('[data-testid="transfer-status"]')?.textContent.trim() === '已完成')
  const rec = (await apiInPage(page, 'GET', `/members/${person.id}`)).json
  assert.equal(rec.status, 'transferred_out')
  await gotoRegistry(page, { org_id: branch.id, q: person.name })
  assert.ok(!(await registryRows(page)).some((r) => r.name === person.name), 'not on the current roll any more')
})
