// 发展党员 from the written application to full membership, through the web console, while the
// server's clock moves forward two years (serve --test-clock). This file must run LAST: the clock
// never goes back.
//
// The branch secretary (demo-branch) registers an applicant and starts the case from the board,
// records the branch's steps on the case page, and is refused naming the development target
// before a year has passed (the page shows the server's rule and "最早可于 <date>"). The college
// (demo-college) files and pre-reviews; the university (demo-school) approves and records. The
// admission and conversion votes are secret ballots in a 支部党员大会 with a quorum marked by
// hand and the absent members' written opinions (as in 11-meeting-flow); each vote is then
// picked on the case page. At the end the registry says 正式党员, the case 已完成, and the
// applicant's phone (390×844) shows all five stages done.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { BASE_URL, DESKTOP, PHONE, apiGet, apiInPage, field, screenshot, useBrowser } from './lib/browser.mjs'
import { expectToast, openMenu } from './lib/app.mjs'
import { loginViaUi } from './lib/login.mjs'
import { grantOrg, pickOption, waitForHash } from './lib/registry.mjs'
import { clickConfirmed, confirmBox, markPresent, openSection } from './lib/meetings.mjs'
import { addDays, addMonths, advanceClock, localDay } from './lib/clock.mjs'
import { updateAccount } from './lib/state.mjs'

const admin = useBrowser(DESKTOP) // demo-branch, the branch secretary
const higher = useBrowser(DESKTOP) // demo-college or demo-school
const phone = useBrowser(PHONE) // the applicant, or demo-member casting a ballot

const APPLICANT = '林晓舟'
const TALK_PDF = '%PDF-1.4\n% talk record\n%%EOF\n'
/** What each step leaves for the next. */
const s = {}

function need(what, ...keys) {
  for (const k of keys) assert.ok(s[k] !== undefined, `${what}: ${k} is missing (an earlier step failed)`)
}

async function login(b, who) {
  await b.context.clearCookies()
  await loginViaUi(b.page, who)
}

/** Moves the server's clock and notes its date; every session has expired after a jump of days. */
async function advance(days) {
  s.now = await advanceClock(days)
  s.today = localDay(s.now)
}

async function noHorizontalScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  assert.ok(scroll <= client + 1, `page is ${scroll}px wide on a ${client}px screen`)
}

/** Opens the case page afresh (a full load: the same hash alone would not read the case again). */
async function openCase(page) {
  await page.goto('about:blank')
  await page.goto(`${BASE_URL}/#/development/cases/${s.caseId}`)
  await page.locator(`[data-testid="case"][data-case-id="${s.caseId}"]`).waitFor()
}

/**
 * Fills and submits the form of `step` on the case page; waits until the case moved on (its
 * version changed) or throws with what the page says went wrong.
 */
async function record(page, step, fill) {
  const form = page.getByTestId(`step-form-${step}`)
  await form.waitFor()
  if (fill) await fill(form)
  const before = Number(await page.getByTestId('case').getAttribute('data-version'))
  await form.getByTestId('step-submit').click()
  const outcome = await (
    await page.waitForFunction(
      ([step, before]) => {
        const c = document.querySelector('[data-testid="case"]')
        if (c && Number(c.dataset.version) > before) return 'ok'
        const scope = document.querySelector(`[data-testid="step-form-${step}"]`)
        const err = scope?.querySelector('[data-testid="step-error"]')
        if (err && err.textContent.trim()) return `error: ${err.textContent.trim()}`
        const fields = [...(scope?.querySelectorAll('.el-form-item__error') ?? [])].map((e) => e.textContent.trim()).filter(Boolean)
        return fields.length ? `error: ${fields.join('; ')}` : false
      },
      [step, before],
    )
  ).jsonValue()
  if (outcome !== 'ok') throw new Error(`step ${step}: ${outcome}`)
  await page.locator(`[data-testid="timeline-step"][data-step="${step}"]`).first().waitFor()
}

/** The text input of an Element Plus field inside `scope` (the testid sits on the input or its wrapper). */
function fieldIn(scope, testid) {
  return scope
    .locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"], [data-testid="${testid}"] input, [data-testid="${testid}"] textarea`)
    .first()
}

/** Picks people in a MemberSelect (typing the name, so the server's search finds them). */
async function pickPeople(page, testid, people) {
  for (const p of people) {
    await pickOption(page, testid, `${testid}-option-${p.id}`, p.name)
    await page.keyboard.press('Escape')
  }
}

/**
 * A 支部党员大会 held now (server time) by the secretary, created with the meetings API; the
 * secretary marks a quorum present by hand, records the absent members' written opinions, opens
 * a secret `kind` vote on the applicant and votes; demo-member votes on the phone; the vote is
 * closed and passed. Answers the vote's id.
 */
async function assemblyVote(kind, title) {
  const a = admin.page
  const start = Math.floor(s.now / 60000) * 60000
  const created = await apiInPage(a, 'POST', '/meetings', {
    org_id: s.branch.org_id,
    type: 'general_assembly',
    title,
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 90 * 60000).toISOString(),
    place: '学院党员活动室（B204）',
    host_member_id: s.secretary.id,
    recorder_member_id: s.secretary.id,
    publish: true,
  })
  assert.equal(created.status, 201, created.text)
  const meetingId = created.json.id

  await a.goto(`${BASE_URL}/#/meetings/${meetingId}`)
  await a.getByTestId('meeting-title').waitFor()
  await openSection(a, 'attendance')
  const full = (await apiGet(a, `/meetings/${meetingId}`)).attendees.filter((x) => x.category === 'full')
  const quorum = Math.floor(full.length / 2) + 1
  const others = full.map((x) => x.member_id).filter((m) => m !== s.secretary.id && m !== s.member.id)
  const present = [s.secretary.id, s.member.id, ...others].slice(0, Math.max(quorum, 2))
  for (const m of present) await markPresent(a, m)
  const absent = full.filter((x) => !present.includes(x.member_id))

  await openSection(a, 'votes')
  await a.getByTestId('vote-create').click()
  await a.getByTestId('vote-create-submit').waitFor()
  await a.getByTestId(`vote-kind-${kind}`).click()
  await pickOption(a, 'vote-candidates', `vote-candidate-${s.memberId}`, APPLICANT)
  await field(a, 'vote-title-input').click() // closes the multiple select's list
  await expectToast(a, () => a.getByTestId('vote-create-submit').click())
  const vote = (await apiGet(a, `/meetings/${meetingId}/votes`)).items.find((v) => v.kind === kind && v.candidate?.member_id === s.memberId)
  assert.ok(vote, `a ${kind} vote on the applicant`)
  assert.equal(vote.secret, true)
  const card = a.getByTestId(`vote-${vote.id}`)
  await card.waitFor()
  for (const x of absent) {
    await pickOption(a, 'opinion-member', `opinion-member-${x.member_id}`)
    await pickOption(a, 'opinion-choice', 'opinion-choice-yes')
    await expectToast(a, () => card.getByTestId('opinion-add').click())
  }
  await clickConfirmed(a, 'vote-open', card)
  await a.locator(`[data-testid="vote-${vote.id}"][data-status="open"]`).waitFor()

  // The secretary votes here; demo-member on the phone.
  await card.getByTestId('ballot-yes').waitFor()
  await expectToast(a, async () => {
    await card.getByTestId('ballot-yes').click()
    await confirmBox(a)
  })
  await card.getByTestId('vote-voted').waitFor()
  const p = phone.page
  await login(phone, 'demo-member')
  await p.goto(`${BASE_URL}/#/meetings/${meetingId}`)
  await openSection(p, 'votes')
  const pcard = p.getByTestId(`vote-${vote.id}`)
  await pcard.getByTestId('ballot-yes').waitFor()
  await expectToast(p, async () => {
    await pcard.getByTestId('ballot-yes').click()
    await confirmBox(p)
  })
  await pcard.getByTestId('vote-voted').waitFor()

  await a.reload()
  await openSection(a, 'votes')
  await clickConfirmed(a, 'vote-close', a.getByTestId(`vote-${vote.id}`))
  await a.getByTestId(`vote-${vote.id}`).getByTestId('vote-result').waitFor()
  const closed = await apiGet(a, `/votes/${vote.id}`)
  assert.equal(closed.status, 'closed')
  assert.equal(closed.result.quorum_met, true)
  assert.equal(closed.result.passed, true, closed.result.summary)
  await screenshot(a, `15-${kind}-vote`)
  return vote.id
}

it('the secretary registers an applicant and starts the case from the board', async () => {
  const a = admin.page
  await advance(0)
  s.start = s.today
  await login(admin, 'demo-branch')
  s.branch = await grantOrg(a, 'branch_admin')
  const full = (await apiGet(a, `/members?org_id=${s.branch.org_id}&category=full&limit=100`)).items
  s.secretary = full.find((x) => x.name === '演示支部书记')
  s.member = full.find((x) => x.name === '演示党员')
  assert.ok(s.secretary && s.member, 'the demo logins are full members of the branch')

  // The applicant, registered through the registry API with an account (a student who stays till 2031).
  const studentNo = `2026${String(Date.now()).slice(-6)}`
  const created = await apiInPage(a, 'POST', '/members', {
    org_id: s.branch.org_id,
    name: APPLICANT,
    gender: 'male',
    birth_date: '2005-03-15',
    category: 'applicant',
    identity: 'undergraduate',
    student_no: studentNo,
    class_name: '2025级2班',
    graduation_on: '2031-06-30',
    create_account: true,
  })
  assert.equal(created.status, 201, created.text)
  s.memberId = created.json.id
  s.login = created.json.credential.login
  updateAccount(s.login, { password: created.json.credential.initial_password })

  await openMenu(a, 'menu-development')
  await a.getByTestId('board').waitFor()
  await a.getByTestId('board-new').click()
  await a.getByTestId('start-dialog').waitFor()
  assert.equal(await field(a, 'start-applied-on').inputValue(), s.today, 'the application date starts at the server’s today')
  await pickOption(a, 'start-member', `start-member-option-${s.memberId}`, APPLICANT)
  // The application was handed in 40 days ago: the talk (within a month) is already late.
  s.applied = addDays(s.today, -40)
  const input = a.getByTestId('start-applied-on').locator('input')
  await input.click()
  await input.fill(s.applied)
  await input.press('Enter')
  await a.waitForFunction((want) => document.querySelector('[data-testid="start-applied-on"] input')?.value === want, s.applied)
  await screenshot(a, '15-start-dialog')
  await a.getByTestId('start-submit').click()
  const [, id] = await waitForHash(a, /#\/development\/cases\/(\d+)$/)
  s.caseId = Number(id)
  await openCase(a)
  assert.equal(await a.getByTestId('case-status').getAttribute('data-status'), 'active')
  assert.equal((await a.getByTestId('case-name').textContent()).trim(), APPLICANT)
  assert.equal(await a.locator('[data-testid="timeline-step"][data-step="application"]').getAttribute('data-date'), s.applied)

  // Overdue on the board and in the to-do list, in red.
  await a.goto(`${BASE_URL}/#/development?org_id=${s.branch.org_id}`)
  const card = a.getByTestId(`board-card-${s.caseId}`)
  await card.waitFor()
  assert.equal(await card.getAttribute('data-overdue'), '1')
  assert.equal(await card.evaluate((e) => e.closest('[data-testid^="board-col-"]').dataset.testid), 'board-col-applicant')
  await a.getByTestId('dev-nav-development-todo').click()
  const item = a.locator(`[data-testid="todo-item"][data-case-id="${s.caseId}"][data-kind="talk"]`)
  await item.waitFor()
  assert.equal(await item.getAttribute('data-state'), 'overdue')
  assert.ok((await item.textContent()).includes(addMonths(s.applied, 1)))
  await screenshot(a, '15-todo-overdue')
})

it('the branch names an activist, the college files it, contacts are assigned; naming the target early is refused with the earliest date', async () => {
  need('activist', 'caseId')
  const a = admin.page
  await openCase(a)
  // The talk is late: the rule and its deadline are shown, and a written reason is required.
  const talk = a.getByTestId('step-form-application_talk')
  await talk.waitFor()
  assert.equal(await talk.getAttribute('data-verdict'), 'late')
  assert.ok((await talk.getByTestId('step-rule-text').textContent()).includes(`最迟 ${addMonths(s.applied, 1)}`))
  await talk.getByTestId('step-submit').click()
  await talk.locator('.el-form-item__error', { hasText: '请填写逾期情况说明' }).waitFor()
  await record(a, 'application_talk', async (f) => {
    await fieldIn(f, 'step-comments').fill('与本人谈话，了解其入党动机')
    await fieldIn(f, 'step-late-reason').fill('寒假期间本人离校，返校后即谈话')
    // The talk's record (谈话记录) as a material, sent to POST /files.
    await f.getByTestId('step-upload-input').setInputFiles({ name: '谈话记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from(TALK_PDF) })
    await f.getByTestId('step-file').waitFor()
  })
  const late = a.locator('[data-testid="timeline-step"][data-step="application_talk"]')
  await late.getByTestId('timeline-late').waitFor()
  assert.ok((await late.getByTestId('timeline-late-reason').textContent()).includes('寒假期间本人离校'))
  // The material downloads from the case.
  const link = late.getByTestId('timeline-file')
  assert.equal((await link.textContent()).trim(), '谈话记录.pdf')
  const got = await a.evaluate(async (href) => {
    const r = await fetch(href)
    return { status: r.status, head: (await r.text()).slice(0, 8) }
  }, await link.getAttribute('href'))
  assert.deepEqual(got, { status: 200, head: TALK_PDF.slice(0, 8) })
  await record(a, 'activist', (f) => f.getByTestId('step-decided-by-committee').click())
  assert.equal(await a.getByTestId('case-category').getAttribute('data-category'), 'activist')

  // Filing is the college's: the branch sees whose turn it is.
  await a.getByTestId('step-waiting-activist_filing').waitFor()
  await login(higher, 'demo-college')
  await openCase(higher.page)
  await record(higher.page, 'activist_filing')

  await openCase(a)
  await record(a, 'contacts', (f) => pickPeople(a, 'step-contacts', [s.member]))
  await a.getByTestId('case-person-contact').waitFor()

  // Naming the development target the same day: the rule and its date are shown before and after trying.
  const form = a.getByTestId('step-form-target')
  await form.waitFor()
  const earliest = addMonths(s.start, 12)
  assert.equal(await form.getAttribute('data-verdict'), 'refused')
  assert.ok((await form.getByTestId('step-rule-text').textContent()).includes(`最早可于 ${earliest}`))
  await form.getByTestId('step-submit').click()
  const error = form.getByTestId('step-error')
  await error.waitFor()
  const message = (await error.textContent()).trim()
  assert.match(message, /满一年/, message)
  assert.ok(message.includes(`最早可于 ${earliest}`), message)
  assert.equal(await a.locator('[data-testid="timeline-step"][data-step="target"]').count(), 0, 'nothing recorded')
  await screenshot(a, '15-target-refused')

  // The board shows the case in the activist column; the to-do list has its half-year review.
  await a.goto(`${BASE_URL}/#/development?org_id=${s.branch.org_id}`)
  const card = a.getByTestId(`board-card-${s.caseId}`)
  await card.waitFor()
  assert.equal(await card.evaluate((e) => e.closest('[data-testid^="board-col-"]').dataset.testid), 'board-col-activist')
  await screenshot(a, '15-board')
  await a.getByTestId('dev-nav-development-todo').click()
  await a.locator(`[data-testid="todo-item"][data-case-id="${s.caseId}"][data-kind="activist_review"]`).waitFor()
})

it('the applicant sees their progress on the phone', async () => {
  need('phone', 'login')
  const p = phone.page
  await login(phone, s.login)
  await openMenu(p, 'menu-development-mine')
  const mine = p.locator(`[data-testid="mine-case"][data-case-id="${s.caseId}"]`)
  await mine.waitFor()
  assert.equal(await mine.getAttribute('data-stage'), 'activist')
  assert.equal(await mine.getByTestId('stage-applicant').getAttribute('data-state'), 'done')
  assert.equal(await mine.getByTestId('stage-activist').getAttribute('data-state'), 'current')
  assert.equal(await mine.locator('[data-testid="timeline-step"]').count(), 5)
  await mine.getByTestId('mine-next').waitFor()
  await noHorizontalScroll(p)
  await screenshot(p, '15-phone-progress')
})

it('half a year later, and again: the reviews; the publicity starts before the year is up', async () => {
  need('reviews', 'caseId')
  const a = admin.page
  await advance(150)
  await login(admin, 'demo-branch')
  await openCase(a)
  await record(a, 'activist_review', (f) => fieldIn(f, 'step-comments').fill('学习认真，积极参加支部活动'))

  await advance(150)
  await login(admin, 'demo-branch')
  await openCase(a)
  await record(a, 'activist_review', (f) => fieldIn(f, 'step-comments').fill('第二次考察：表现良好'))
  assert.equal(await a.locator('[data-testid="timeline-step"][data-step="activist_review"]').count(), 2)
  // 公示 (2026 rules: 5 working days) — started now, the year is not up yet.
  const block = a.locator('[data-testid="publicity-block"][data-step="target"]')
  await block.waitFor()
  assert.equal(await field(a, 'publicity-starts-on').inputValue(), s.today)
  await expectToast(a, () => block.getByTestId('publicity-submit').click())
  await block.getByTestId('publicity-info').waitFor()
  assert.ok((await block.getByTestId('publicity-info').getAttribute('data-ends-on')) > s.today)
  assert.equal(await a.getByTestId('step-form-target').getAttribute('data-verdict'), 'refused')
  await a.getByTestId('doc-publicity').waitFor()
})

it('a year after becoming an activist: the development target, filing, introducers, review, training, pre-review and form', async () => {
  need('target', 'caseId')
  const a = admin.page
  await advance(70)
  assert.ok(s.today >= addMonths(s.start, 12))
  await login(admin, 'demo-branch')
  await openCase(a)
  assert.equal(await a.getByTestId('step-form-target').getAttribute('data-verdict'), 'allowed')
  await record(a, 'target')
  assert.equal(await a.getByTestId('case-category').getAttribute('data-category'), 'development_target')
  await a.getByTestId('doc-filing').waitFor()

  await login(higher, 'demo-college')
  await openCase(higher.page)
  await record(higher.page, 'target_filing')

  await openCase(a)
  await record(a, 'introducers', () => pickPeople(a, 'step-introducers', [s.secretary, s.member]))
  await record(a, 'political_review', (f) => fieldIn(f, 'step-conclusion').fill('经函调和本人档案审查，政治历史清楚，政治审查合格'))
  await record(a, 'short_training', async (f) => {
    await fieldIn(f, 'step-training-days').fill('3')
    await fieldIn(f, 'step-training-days').press('Tab')
    await fieldIn(f, 'step-class-hours').fill('24')
    await fieldIn(f, 'step-class-hours').press('Tab')
  })
  await record(a, 'branch_review')

  await openCase(higher.page)
  await record(higher.page, 'pre_review')

  await openCase(a)
  s.serial = `RD${String(Date.now()).slice(-8)}`
  await record(a, 'application_form', (f) => fieldIn(f, 'step-form-serial').fill(s.serial))
  await a.getByTestId('doc-cover').waitFor()
  const data = await a.locator('[data-testid="timeline-step"][data-step="short_training"] [data-testid="timeline-data"]').textContent()
  assert.match(data, /3 天、24 学时/)
})

it('the branch assembly votes by secret ballot; the vote is picked for step 15; the committees talk, approve and record', async () => {
  need('admission', 'caseId')
  const a = admin.page
  s.admissionVote = await assemblyVote('admission', '支部党员大会：讨论接收预备党员')

  await openCase(a)
  await pickOption(a, 'step-vote', `step-vote-option-${s.admissionVote}`)
  await record(a, 'admission_vote')
  const line = await a.locator('[data-testid="timeline-step"][data-step="admission_vote"] [data-testid="timeline-data"]').textContent()
  assert.match(line, /表决通过/)
  assert.equal(await a.locator('[data-testid="timeline-step"][data-step="admission_vote"]').getAttribute('data-date'), s.today, 'dated by the meeting')

  const h = higher.page
  await openCase(h)
  await record(h, 'approval_talk', (f) => fieldIn(f, 'step-talker').fill('学院党委组织员 王老师'))
  await login(higher, 'demo-school')
  await openCase(h)
  await record(h, 'admission_approval', (f) => f.getByTestId('step-outcome-approve').click())
  await record(h, 'admission_record')

  await openCase(a)
  await record(a, 'placement')
  await record(a, 'oath')
  assert.equal(await a.getByTestId('case-category').getAttribute('data-category'), 'probationary')
  assert.equal(await a.getByTestId('case-probation-end').textContent(), `预备期至 ${addMonths(s.today, 12)}`)
  // The approval's print view opens in a new tab.
  const [view] = await Promise.all([a.context().waitForEvent('page'), a.getByTestId('doc-approval-html').click()])
  await view.waitForLoadState()
  assert.ok((await view.textContent('body')).includes(APPLICANT))
  await view.close()
  const pdf = await apiInPage(a, 'GET', `/development/cases/${s.caseId}/documents/approval/pdf`)
  assert.equal(pdf.status, 200)
  assert.ok(pdf.text.startsWith('%PDF-'))
  await screenshot(a, '15-probationary')
})

it('a year of probation later: review, application, the conversion vote, approval and the archive', async () => {
  need('conversion', 'caseId', 'admissionVote')
  const a = admin.page
  await advance(366)
  await login(admin, 'demo-branch')
  await openCase(a)
  await record(a, 'probation_review', (f) => fieldIn(f, 'step-comments').fill('预备期内表现良好，发挥了党员作用'))
  await record(a, 'conversion_application')

  s.conversionVote = await assemblyVote('conversion', '支部党员大会：讨论预备党员转正')
  await openCase(a)
  await record(a, 'conversion_vote', async (f) => {
    await f.getByTestId('step-outcome-convert').click()
    await pickOption(a, 'step-vote', `step-vote-option-${s.conversionVote}`)
  })

  await login(higher, 'demo-school')
  await openCase(higher.page)
  await record(higher.page, 'conversion_approval')

  await openCase(a)
  await record(a, 'archive', (f) => f.getByTestId('step-checklist-all').click())
  assert.equal(await a.getByTestId('case-status').getAttribute('data-status'), 'completed')
  assert.equal(await a.getByTestId('case-category').getAttribute('data-category'), 'full')
  await a.getByTestId('doc-conversion').waitFor()
  await screenshot(a, '15-completed')

  // The registry: 正式党员.
  const rec = await apiGet(a, `/members/${s.memberId}`)
  assert.equal(rec.category, 'full')
  await a.goto(`${BASE_URL}/#/registry/members/${s.memberId}`)
  await a.getByTestId('member-name').waitFor()
  await a.locator('text=正式党员').first().waitFor()
  // The board lists it under 已完成.
  await a.goto(`${BASE_URL}/#/development?org_id=${s.branch.org_id}&status=completed`)
  await a.getByTestId(`board-card-${s.caseId}`).waitFor()
})

it('the applicant’s phone shows every stage done; the university’s statistics count the new member', async () => {
  need('final', 'caseId')
  const p = phone.page
  await login(phone, s.login)
  await openMenu(p, 'menu-development-mine')
  const mine = p.locator(`[data-testid="mine-case"][data-case-id="${s.caseId}"]`)
  await mine.waitFor()
  assert.equal(await mine.getAttribute('data-status'), 'completed')
  for (const stage of ['applicant', 'activist', 'target', 'admission', 'probation'])
    assert.equal(await mine.getByTestId(`stage-${stage}`).getAttribute('data-state'), 'done', stage)
  const steps = await mine.locator('[data-testid="timeline-step"]').evaluateAll((els) => els.map((e) => Number(e.dataset.number)))
  for (let n = 1; n <= 25; n++) assert.ok(steps.includes(n), `step ${n} shown`)
  await noHorizontalScroll(p)
  await screenshot(p, '15-phone-completed')

  const h = higher.page
  await h.goto(`${BASE_URL}/#/development/funnel`)
  const full = h.getByTestId('funnel-count-full')
  await full.waitFor()
  assert.ok(Number(await full.getAttribute('data-count')) >= 1)
  // The talk recorded late counts in the year it was recorded (two years ago by now).
  await h.getByTestId('funnel-year').locator('input').fill(s.start.slice(0, 4))
  await h.getByTestId('funnel-year').locator('input').press('Enter')
  await h.locator(`[data-testid="funnel-scope"][data-year="${s.start.slice(0, 4)}"]`).waitFor()
  assert.ok(Number(await h.getByTestId('funnel-late').getAttribute('data-count')) >= 1)
  await h.locator('[data-testid="funnel-count-applicants"]').waitFor()
  const [download] = await Promise.all([h.waitForEvent('download'), h.getByTestId('funnel-export').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  await screenshot(h, '15-funnel')
  await h.getByTestId('dev-nav-development-todo').click()
  await h.getByTestId('todo-by-org').waitFor()

  // The university's settings: the 2026 rules in force; a holiday added to the calendar.
  await h.getByTestId('dev-nav-development-settings').click()
  await h.locator('[data-testid="settings-version-2026"].is-checked').waitFor()
  await h.getByTestId('calendar-save').waitFor()
  const before = await h.getByTestId('calendar-day').count()
  await h.getByTestId('calendar-add').click()
  const year = await h.getByTestId('calendar-year').locator('input').inputValue()
  const day = h.getByTestId(`calendar-day-${before}`).locator('input')
  await day.click()
  await day.fill(`${year}-10-01`)
  await day.press('Enter')
  await fieldIn(h, `calendar-name-${before}`).fill('国庆节')
  await expectToast(h, () => h.getByTestId('calendar-save').click())
  await h.locator(`[data-testid="calendar-day"][data-day="${year}-10-01"][data-kind="holiday"]`).waitFor()
  const saved = await apiGet(h, `/development/calendar?year=${year}`)
  assert.ok(saved.days.some((d) => d.day === `${year}-10-01` && d.kind === 'holiday' && d.name === '国庆节'))
  await screenshot(h, '15-settings')
})
