// Helpers for the organizational-life pages (data-testid names live in web/src/views/meetings and
// web/src/components/meetings).
import { BASE_URL, apiGet, field } from './browser.mjs'
import { expectToast } from './app.mjs'
import { pickOption, waitForHash } from './registry.mjs'

const ZONE = 'Asia/Shanghai'

/** The university's local time of an instant as { date: 'YYYY-MM-DD', time: 'HH:mm' }. */
export function localParts(ms) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  )
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` }
}

/** 'YYYY-MM-DD HH:mm' in the university's time zone, as the date-time pickers take it typed. */
export function pickerText(ms) {
  const { date, time } = localParts(ms)
  return `${date} ${time}`
}

/** Types a date-time into an Element Plus picker (data-testid on its wrapper) and confirms it. */
export async function typeDateTime(page, testid, text) {
  const input = page.getByTestId(testid).locator('input')
  await input.click()
  await input.fill(text)
  await input.press('Enter')
  await page.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"] input`)?.value === want,
    [testid, text],
  )
}

/** Confirms the message box on top (publish, open/close a vote, cast a ballot, approve). */
export async function confirmBox(page) {
  const box = page.locator('.zhdj-confirm:visible').last()
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
}

/** Clicks `testid`, confirms the box it asks and waits for the success toast. */
export async function clickConfirmed(page, testid, scope = page) {
  return expectToast(page, async () => {
    await scope.getByTestId(testid).click()
    await confirmBox(page)
  })
}

/**
 * Fills 新建会议 from the calendar's 新建会议 button and publishes it; answers the new meeting's id
 * (the page is left on its detail). `m`: { orgId, orgName, type, title, start (ms), place,
 * hostId, recorderId? }. The type's default attendees stay chosen.
 */
export async function scheduleMeeting(page, m) {
  await page.goto(`${BASE_URL}/#/meetings`)
  await page.getByTestId('meeting-new').click()
  await page.getByTestId('meeting-form').waitFor()
  await pickOption(page, 'meeting-type', `meeting-type-${m.type}`)
  await pickOption(page, 'meeting-org', `org-option-${m.orgId}`, m.orgName)
  // The type's default set is chosen once the candidates are in.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="attendee-count"]')?.dataset.count) > 0)
  await typeDateTime(page, 'meeting-start', pickerText(m.start))
  // The end follows the start (90 minutes later) and the title is prefilled; ours replaces it.
  await page.waitForFunction(() => document.querySelector('[data-testid="meeting-end"] input')?.value !== '')
  await field(page, 'meeting-title').fill(m.title)
  await field(page, 'meeting-place').fill(m.place)
  await pickOption(page, 'meeting-host', `meeting-host-${m.hostId}`)
  if (m.recorderId) await pickOption(page, 'meeting-recorder', `meeting-recorder-${m.recorderId}`)
  if (m.shots) await m.shots()
  await clickConfirmed(page, 'meeting-publish')
  const [, id] = await waitForHash(page, /#\/meetings\/(\d+)$/)
  await page.getByTestId('meeting-title').waitFor()
  return Number(id)
}

/** The people a meeting of `type` at `orgId` may invite, through the API: { default, people }. */
export async function candidates(page, orgId, type) {
  return apiGet(page, `/meetings/candidates?org_id=${orgId}&type=${type}`)
}

/** Marks an attendee present by hand in the attendance panel and waits for the row to say so. */
export async function markPresent(page, memberId) {
  const row = `[data-testid="attendance-row-${memberId}"]`
  if ((await page.locator(row).getAttribute('data-attendance')) === 'present') return
  await expectToast(page, () => page.getByTestId(`attendance-mark-${memberId}`).click())
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.attendance === 'present', row)
}

/** Opens a section of the meeting detail (a tab on a computer; stacked on a phone). */
export async function openSection(page, name) {
  await page.getByTestId(`section-${name}`).waitFor({ state: 'attached' })
  const tab = page.locator(`#tab-${name}`)
  if (await tab.isVisible()) await tab.click()
  await page.getByTestId(`section-${name}`).waitFor()
}
