// 组织生活, one meeting from end to end. The branch secretary (demo-branch) schedules a 支部党员大会
// starting this minute and publishes it; demo-member's phone (390×844) is told at once (the bell,
// no reload). The big screen's rotating QR code checks the member in on the phone — a tampered code
// is refused in Chinese. The secretary marks present by hand whoever a quorum still needs, records
// the absent voters' written opinions and runs a secret vote (接收预备党员 for the branch's
// 发展对象) that the member casts on the phone; the result shows on both. The member, the recorder,
// keeps the minutes on the phone; the secretary approves them, which locks the meeting. Last, the
// member's calendar as a list on the phone.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BASE_URL, DESKTOP, PHONE, apiGet, field, screenshot, useBrowser } from './lib/browser.mjs'
import { expectToast, openMenu } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'
import { grantOrg, pickOption, waitForHash } from './lib/registry.mjs'
import { candidates, clickConfirmed, confirmBox, localParts, markPresent, openSection, scheduleMeeting } from './lib/meetings.mjs'

const admin = useBrowser(DESKTOP)
const phone = useBrowser(PHONE)

const TITLE = '支部党员大会：讨论接收预备党员'
const PLACE = '计算机学院党员活动室（A305）'
const MINUTES = '会议由支部书记主持，应到党员全部参会或书面表决。会议讨论了发展对象的入党申请，与会党员逐一发表意见，以无记名投票方式进行表决。'
const DECISION = '同意按程序报上级党委审批'

/** What each step leaves for the next: the meeting, its people, the vote. */
const s = {}

function need(what) {
  assert.ok(s.meetingId, `${what}: the meeting was not scheduled (an earlier step failed)`)
}

async function unread(page) {
  return Number(await page.getByTestId('notif-bell').getAttribute('data-unread'))
}

/** Waits for the bell to show `n` unread (at least `n` with `atLeast`: a reminder may come too). */
async function waitUnread(page, n, atLeast = false) {
  await page.waitForFunction(
    ([n, atLeast]) => {
      const u = Number(document.querySelector('[data-testid="notif-bell"]')?.dataset.unread)
      return atLeast ? u >= n : u === n
    },
    [n, atLeast],
    { timeout: 10000 },
  )
}

/** The big screen's current QR link, with some seconds left on it (the server takes the current step and 5 s of the last). */
async function freshQr(screen) {
  await screen.waitForFunction(() => Number(document.querySelector('[data-testid="checkin-countdown"]')?.dataset.seconds) >= 6, null, { timeout: 35000 })
  const qr = screen.getByTestId('checkin-qr')
  return { url: await qr.getAttribute('data-url'), token: await qr.getAttribute('data-token') }
}

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

it('the secretary schedules and publishes a 支部党员大会; the member’s phone is told at once', async () => {
  const a = admin.page
  const p = phone.page

  // The member waits on the phone, on the meeting calendar, with the notification stream open.
  await loginViaUi(p, 'demo-member')
  await openMenu(p, 'menu-meetings')
  await p.getByTestId('calendar-list').waitFor()
  const before = (await apiGet(p, '/notifications/unread-count')).unread
  await waitUnread(p, before)
  await p.evaluate(() => (window.__e2eNoReload = true))

  await loginViaUi(a, 'demo-branch')
  const branch = await grantOrg(a, 'branch_admin')
  const people = (await candidates(a, branch.org_id, 'general_assembly')).people
  const host = people.find((x) => x.name === '演示支部书记')
  const member = people.find((x) => x.name === '演示党员')
  assert.ok(host && member, 'both demo logins may be invited to their branch’s assembly')

  // This minute: check-in (30 minutes either side of the start) is open and the minutes may be kept at once.
  const start = Math.floor(Date.now() / 60000) * 60000
  const id = await scheduleMeeting(a, {
    orgId: branch.org_id,
    orgName: branch.org_name,
    type: 'general_assembly',
    title: TITLE,
    start,
    place: PLACE,
    hostId: host.member_id,
    recorderId: member.member_id,
    shots: () => screenshot(a, '11-schedule-form'),
  })
  assert.equal((await a.getByTestId('meeting-title').textContent()).trim(), TITLE)
  assert.equal((await a.getByTestId('meeting-place').textContent()).trim(), PLACE)
  const detail = await apiGet(a, `/meetings/${id}`)
  assert.equal(detail.status, 'published')
  assert.equal(detail.checkin_window.open, true, 'check-in is open')
  assert.equal(detail.recorder.member_id, member.member_id)
  const invited = detail.attendees.map((x) => x.member_id)
  assert.ok(invited.includes(member.member_id) && invited.includes(host.member_id), 'the default set invites the branch’s party members')
  await screenshot(a, '11-published')
  Object.assign(s, { meetingId: id, start, branch, host: host.member_id, member: member.member_id })

  // The phone's bell goes up without a reload; the notice names the meeting and the place, and opens it.
  await waitUnread(p, before + 1, true)
  assert.equal(await p.evaluate(() => window.__e2eNoReload), true, 'the page was not reloaded')
  await p.getByTestId('notif-bell').click()
  await p.getByTestId('notif-list').waitFor()
  const notice = p.getByTestId('notif-item').filter({ hasText: `会议通知：${TITLE}` })
  await notice.waitFor()
  assert.equal(await notice.getAttribute('data-read'), 'false')
  assert.ok((await notice.textContent()).includes(PLACE), 'the notice says where')
  await screenshot(p, '11-phone-notified')
  const unreadThen = await unread(p)
  await notice.click()
  await waitForHash(p, new RegExp(`#/meetings/${id}$`))
  await p.getByTestId('my-part').waitFor()
  assert.equal(await p.getByTestId('my-status').getAttribute('data-present'), 'false')
  await waitUnread(p, unreadThen - 1)
})

it('the member checks in on the phone with the big screen’s QR code; a tampered code is refused', async () => {
  need('check-in')
  const { context, page: a } = admin
  const p = phone.page
  const id = s.meetingId

  const [screen] = await Promise.all([context.waitForEvent('page'), a.getByTestId('meeting-screen').click()])
  await screen.getByTestId('checkin-qr').waitFor()
  assert.equal((await screen.getByTestId('screen-title').textContent()).trim(), TITLE)
  assert.equal(await screen.getByTestId('checkin-window').getAttribute('data-state'), 'open')
  assert.match(await screen.getByTestId('checkin-code').getAttribute('data-code'), /^\d{6}$/)
  const presentBefore = Number((await screen.getByTestId('checkin-present').textContent()).trim())
  await screenshot(screen, '11-big-screen')

  // A code someone altered: refused with the server's Chinese message, the code form offered instead.
  const seen = await freshQr(screen)
  assert.equal(seen.url, `${BASE_URL}/#/checkin/${id}?t=${seen.token}`, 'the QR encodes the check-in link of this origin')
  const tampered = seen.token.slice(0, -1) + (seen.token.endsWith('0') ? '1' : '0')
  await p.goto(`${BASE_URL}/#/checkin/${id}?t=${tampered}`)
  const error = p.getByTestId('checkin-error')
  await error.waitFor()
  const message = (await error.textContent()).trim()
  assert.match(message, /[\u4e00-\u9fff]/, `a Chinese message (${message})`)
  assert.match(message, /二维码/)
  assert.equal(await p.getByTestId('checkin-ok').count(), 0)
  assert.equal((await apiGet(p, `/meetings/${id}`)).my.present, false, 'not checked in')
  await noHorizontalScroll(p)
  await screenshot(p, '11-phone-checkin-refused')

  // The code on the screen now, opened as a scan opens it (a fresh page load).
  const qr = await freshQr(screen)
  await p.goto('about:blank')
  await p.goto(qr.url)
  const ok = p.getByTestId('checkin-ok')
  await ok.waitFor()
  assert.equal(await ok.getAttribute('data-method'), 'qr')
  assert.equal(await ok.getAttribute('data-already'), 'false')
  await screenshot(p, '11-phone-checked-in')

  // The screen counts the member within a poll or two.
  await screen.waitForFunction((n) => Number(document.querySelector('[data-testid="checkin-present"]')?.textContent) === n, presentBefore + 1)
  await screenshot(screen, '11-big-screen-counted')
  await screen.close()

  // Scanning again changes nothing.
  await p.goto('about:blank')
  await p.goto(qr.url)
  await p.locator('[data-testid="checkin-ok"][data-already="true"]').waitFor()
  await p.getByTestId('checkin-to-meeting').click()
  await p.locator('[data-testid="my-status"][data-present="true"]').waitFor()
})

it('with a quorum marked by hand the member casts a secret ballot on the phone; both see the result', async () => {
  need('vote')
  const a = admin.page
  const p = phone.page
  const id = s.meetingId

  // The secretary's page shows the QR check-in; the voting members still missing for a quorum are marked by hand.
  await a.getByTestId('meeting-refresh').click()
  await openSection(a, 'attendance')
  await a.locator(`[data-testid="attendance-row-${s.member}"][data-attendance="present"]`).waitFor()
  const full = (await apiGet(a, `/meetings/${id}`)).attendees.filter((x) => x.category === 'full')
  const quorum = Math.floor(full.length / 2) + 1
  const others = full.map((x) => x.member_id).filter((m) => m !== s.host && m !== s.member)
  const byHand = [s.host, ...others].slice(0, quorum - 1)
  for (const m of byHand) await markPresent(a, m)
  const present = new Set([s.member, ...byHand])
  const absent = full.filter((x) => !present.has(x.member_id))
  await a.waitForFunction((n) => Number(document.querySelector('[data-testid="attendance-count-present"]')?.dataset.count) >= n, quorum)
  await screenshot(a, '11-attendance')

  // The branch's 发展对象, if it has one, is voted on for admission; otherwise a general secret vote.
  const target = (await apiGet(a, `/members?org_id=${s.branch.org_id}&category=development_target&limit=50`)).items.find((x) => x.status === 'active')
  await openSection(a, 'votes')
  await a.getByTestId('vote-create').click()
  await a.getByTestId('vote-create-submit').waitFor()
  if (target) {
    await a.getByTestId('vote-kind-admission').click()
    await pickOption(a, 'vote-candidates', `vote-candidate-${target.id}`, target.name)
    await field(a, 'vote-title-input').click() // closes the multiple select's list
  } else {
    await field(a, 'vote-title-input').fill('关于支部年度工作计划的表决')
    await a.getByTestId('vote-secret-yes').click()
  }
  await screenshot(a, '11-vote-create')
  await expectToast(a, () => a.getByTestId('vote-create-submit').click())
  const vote = (await apiGet(a, `/meetings/${id}/votes`)).items.at(-1)
  assert.equal(vote.secret, true)
  assert.equal(vote.status, 'draft')
  assert.equal(vote.kind, target ? 'admission' : 'general')
  if (target) assert.equal(vote.candidate.member_id, target.id)
  const card = a.getByTestId(`vote-${vote.id}`)
  await card.waitFor()

  // Absent voting members' written opinions (书面表决意见), recorded before the vote opens.
  if (target)
    for (const x of absent) {
      await pickOption(a, 'opinion-member', `opinion-member-${x.member_id}`)
      await pickOption(a, 'opinion-choice', 'opinion-choice-yes')
      await expectToast(a, () => card.getByTestId('opinion-add').click())
    }
  assert.equal((await apiGet(a, `/votes/${vote.id}`)).written, target ? absent.length : 0)

  await clickConfirmed(a, 'vote-open', card)
  await a.locator(`[data-testid="vote-${vote.id}"][data-status="open"]`).waitFor()
  const opened = await apiGet(a, `/votes/${vote.id}`)
  assert.equal(opened.present, present.size, 'the voters present when it opened')
  assert.equal(opened.eligible, full.length)

  // On the phone the ballot appears (the votes are re-read while the meeting runs); casting asks first.
  const pcard = p.getByTestId(`vote-${vote.id}`)
  const yes = target ? 'yes' : vote.options[0].code
  await pcard.getByTestId(`ballot-${yes}`).waitFor({ timeout: 20000 })
  await noHorizontalScroll(p)
  await screenshot(p, '11-phone-ballot')
  await expectToast(p, async () => {
    await pcard.getByTestId(`ballot-${yes}`).click()
    await confirmBox(p)
  })
  await pcard.getByTestId('vote-voted').waitFor()
  assert.equal(await pcard.getByTestId('vote-result').count(), 0, 'no tallies while the vote is open')
  await screenshot(p, '11-phone-voted')

  // The secretary votes too, then closes the vote.
  await card.getByTestId(`ballot-${yes}`).waitFor()
  await expectToast(a, async () => {
    await card.getByTestId(`ballot-${yes}`).click()
    await confirmBox(a)
  })
  await card.getByTestId('vote-voted').waitFor()
  await clickConfirmed(a, 'vote-close', card)
  await card.getByTestId('vote-result').waitFor()
  const closed = await apiGet(a, `/votes/${vote.id}`)
  assert.equal(closed.status, 'closed')
  const r = closed.result
  const yesCount = String(r.counts.find((c) => c.code === yes).count)
  if (target) {
    assert.equal(r.quorum_met, true)
    assert.equal(r.yes, 2 + absent.length, 'two ballots and the written opinions')
    assert.equal(r.passed, true)
    assert.equal(await card.getByTestId('vote-result').getAttribute('data-passed'), 'true')
    assert.equal(await card.getByTestId('vote-quorum').getAttribute('data-met'), 'true')
  } else {
    assert.equal(r.voted, 2)
  }
  assert.equal(await card.getByTestId(`vote-count-${yes}`).getAttribute('data-count'), yesCount)
  await screenshot(a, '11-vote-result')

  // The phone shows the same result.
  await pcard.getByTestId('vote-result').waitFor({ timeout: 20000 })
  assert.equal(await pcard.getByTestId(`vote-count-${yes}`).getAttribute('data-count'), yesCount)
  if (target) assert.equal(await pcard.getByTestId('vote-result').getAttribute('data-passed'), 'true')
  await pcard.getByTestId('vote-result').scrollIntoViewIfNeeded()
  await screenshot(p, '11-phone-vote-result')
})

it('the recorder keeps the minutes on the phone; the secretary approves them and the meeting is locked', async () => {
  need('minutes')
  const a = admin.page
  const p = phone.page
  const id = s.meetingId

  await openSection(p, 'minutes')
  await p.getByTestId('meeting-minutes-link').click()
  await p.getByTestId('minutes-form').waitFor()
  await field(p, 'minutes-content').fill(MINUTES)
  await field(p, 'minutes-decision-0').fill(DECISION)
  await p.getByTestId('minutes-dirty').waitFor()
  assert.equal(await p.getByTestId('minutes-approve').count(), 0, 'the recorder cannot approve')
  await expectToast(p, () => p.getByTestId('minutes-save').click())
  await p.getByTestId('minutes-dirty').waitFor({ state: 'detached' })
  assert.equal(await p.getByTestId('minutes-status').getAttribute('data-status'), 'draft')
  await noHorizontalScroll(p)
  await screenshot(p, '11-phone-minutes')

  await a.goto(`${BASE_URL}/#/meetings/${id}/minutes`)
  await a.getByTestId('minutes-form').waitFor()
  assert.equal(await field(a, 'minutes-content').inputValue(), MINUTES)
  assert.equal(await field(a, 'minutes-decision-0').inputValue(), DECISION)
  await clickConfirmed(a, 'minutes-approve')
  await a.locator('[data-testid="minutes-status"][data-status="approved"]').waitFor()
  assert.equal((await a.getByTestId('minutes-content-view').textContent()).trim(), MINUTES)
  assert.ok((await a.getByTestId('minutes-decisions-view').textContent()).includes(DECISION))
  assert.ok((await a.getByTestId('minutes-approved-by').textContent()).includes('演示支部书记'))
  await screenshot(a, '11-minutes-approved')

  // Locked: no editing, no more votes, attendance no longer marked by hand.
  await a.getByTestId('minutes-back').click()
  await openSection(a, 'minutes')
  await a.locator('[data-testid="section-minutes"] [data-testid="minutes-status"][data-status="approved"]').waitFor()
  assert.equal(await a.getByTestId('meeting-edit').count(), 0)
  assert.equal(await a.getByTestId('meeting-cancel').count(), 0)
  assert.equal(await a.getByTestId(`attendance-mark-${s.host}`).count(), 0)
  await openSection(a, 'votes')
  assert.equal(await a.getByTestId('vote-create').count(), 0)
  await a.goto(`${BASE_URL}/#/meetings/${id}/edit`)
  await a.getByTestId('meeting-locked').waitFor()
  assert.equal(await a.getByTestId('meeting-save').isDisabled(), true)
  await screenshot(a, '11-meeting-locked')

  // The recorder now reads the approved minutes.
  await p.reload()
  await p.getByTestId('minutes-view').waitFor()
  assert.equal(await p.getByTestId('minutes-form').count(), 0)
  assert.equal(await p.getByTestId('minutes-status').getAttribute('data-status'), 'approved')
})

it('the member reads the month’s meetings as a list by day on the phone', async () => {
  need('calendar')
  const p = phone.page
  await openMenu(p, 'menu-meetings')
  await p.getByTestId('calendar-list').waitFor()
  const month = localParts(Date.now()).date.slice(0, 7)
  assert.equal(await p.getByTestId('calendar-month').getAttribute('data-month'), month)
  const item = p.getByTestId(`calendar-meeting-${s.meetingId}`)
  await item.waitFor()
  assert.ok((await item.textContent()).includes(TITLE))
  assert.equal(await item.evaluate((e) => e.closest('[data-date]').dataset.date), localParts(s.start).date, 'under the day it is held')

  // The list holds this month's meetings the member may see, as the API lists them.
  const last = new Date(Number(month.slice(0, 4)), Number(month.slice(5)), 0).getDate()
  const listed = (await apiGet(p, `/meetings?from=${month}-01&to=${month}-${last}`)).items.map((m) => m.id).sort()
  const shown = await p.$$eval('[data-testid="calendar-list"] [data-testid^="calendar-meeting-"]', (els) =>
    els.map((e) => Number(e.dataset.testid.replace('calendar-meeting-', ''))).sort(),
  )
  assert.deepEqual(shown, listed)
  await noHorizontalScroll(p)
  await screenshot(p, '11-phone-calendar')

  // Tomorrow's 主题党日 of the demo data is in the list too (in next month's list at a month's end).
  const tomorrow = localParts(Date.now() + 86400000).date
  if (!tomorrow.startsWith(month)) {
    await p.getByTestId('calendar-next').click()
    await p.locator(`[data-testid="calendar-month"][data-month="${tomorrow.slice(0, 7)}"]`).waitFor()
  }
  await p.locator(`[data-testid="calendar-list"] [data-date="${tomorrow}"]`, { hasText: '主题党日' }).waitFor()

  // Tapping a meeting opens it.
  if (!tomorrow.startsWith(month)) await p.getByTestId('calendar-today').click()
  await p.getByTestId(`calendar-meeting-${s.meetingId}`).click()
  await waitForHash(p, new RegExp(`#/meetings/${s.meetingId}$`))
  await p.locator('[data-testid="my-status"][data-present="true"]').waitFor()
})
