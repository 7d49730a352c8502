import { describe, expect, it } from 'vitest'
import type { AssemblyVoteResult, Attendee, MeetingDetail } from '../src/api/types'
import zhCN from '../src/i18n/zh-CN'
import { routeAllowed } from '../src/router/access'
import {
  amendmentText,
  assemblyFacts,
  assemblyVerdict,
  attendanceCounts,
  canAskLeave,
  canCheckIn,
  cleanDecisions,
  clock,
  convertPeriod,
  countGrade,
  criticismRows,
  emptyMeetingForm,
  excellentCap,
  fileProblem,
  filledCriticisms,
  filledGrades,
  filterPeople,
  formatRate,
  formFromDetail,
  gridRange,
  groupByDay,
  isAssemblyResult,
  isHttpUrl,
  localDate,
  meetingInput,
  meetingPatch,
  meetingPhase,
  mimeOf,
  monthGrid,
  normalizeCode,
  isCheckinCode,
  orgAllowedForType,
  parseMonthKey,
  parsePeriodKey,
  periodContaining,
  periodKey,
  resultRows,
  shiftMonth,
  shiftPeriod,
  spacedCode,
  titleParts,
  ungraded,
  validateMeetingForm,
  voteOptionsProblem,
  wantsHeartbeat,
  windowState,
  weekdayIndex,
  type MeetingForm,
} from '../src/domain/meetings'

/** A UTC instant for a local wall-clock time (tests must not depend on the machine's zone). */
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString()

function detail(over: Partial<MeetingDetail> = {}): MeetingDetail {
  return {
    id: 7,
    org_id: 3,
    org_name: '本科生第一党支部',
    type: 'general_assembly',
    type_name: '支部党员大会',
    title: '11月支部党员大会',
    status: 'published',
    status_name: '已发布',
    starts_at: at(2026, 11, 24, 14),
    ends_at: at(2026, 11, 24, 16),
    place: '学院楼 301',
    online_url: null,
    mode: 'offline',
    host: { member_id: 1, name: '张书记' },
    recorder: { member_id: 2, name: '李组织' },
    minutes_status: 'none',
    held: false,
    expected: 10,
    present: 0,
    leave: 0,
    my: { attendee: true, present: false, leave: 'none' },
    agenda: '议程',
    checkin_before_min: 30,
    checkin_after_min: 30,
    checkin_window: { opens: at(2026, 11, 24, 13, 30), closes: at(2026, 11, 24, 14, 30), open: false },
    version: 4,
    cancel_reason: null,
    can: { manage: false, record: false, host: false, display: false },
    attendees: [
      { member_id: 1, name: '张书记', org_name: 'x', category: 'full', category_name: '正式党员', present: false, method: null, checked_in_at: null, online_minutes: 0, leave: 'none', attendance: 'pending' },
      { member_id: 5, name: '王五', org_name: 'x', category: 'probationary', category_name: '预备党员', present: false, method: null, checked_in_at: null, online_minutes: 0, leave: 'none', attendance: 'pending' },
    ],
    minutes: null,
    votes: [],
    appraisal: false,
    ...over,
  }
}

describe('month calendar', () => {
  it('starts weeks on Monday and covers whole weeks', () => {
    // November 2026: the 1st is a Sunday, the 30th a Monday.
    const weeks = monthGrid({ year: 2026, month: 11 }, '2026-11-24')
    expect(weeks).toHaveLength(6)
    for (const w of weeks) expect(w).toHaveLength(7)
    expect(weeks[0][0].date).toBe('2026-10-26')
    expect(weeks[0][6]).toMatchObject({ date: '2026-11-01', inMonth: true, weekend: true, day: 1 })
    expect(weeks[0][5]).toMatchObject({ date: '2026-10-31', inMonth: false })
    expect(weeks[5][0]).toMatchObject({ date: '2026-11-30', inMonth: true })
    expect(weeks[5][6].date).toBe('2026-12-06')
    expect(weeks.flat().filter((d) => d.today).map((d) => d.date)).toEqual(['2026-11-24'])
    expect(gridRange(weeks)).toEqual({ from: '2026-10-26', to: '2026-12-06' })
  })

  it('needs no extra row when the month starts on a Monday', () => {
    // June 2026 starts on a Monday and ends on a Tuesday.
    const weeks = monthGrid({ year: 2026, month: 6 })
    expect(weeks[0][0].date).toBe('2026-06-01')
    expect(weeks).toHaveLength(5)
    expect(weeks[4][6].date).toBe('2026-07-05')
  })

  it('fits February of a non-leap year starting on Monday in four weeks', () => {
    const weeks = monthGrid({ year: 2027, month: 2 })
    expect(weeks).toHaveLength(4)
    expect(weeks[0][0].date).toBe('2027-02-01')
    expect(weeks[3][6].date).toBe('2027-02-28')
    expect(weeks.flat().every((d) => d.inMonth)).toBe(true)
  })

  it('handles leap years and year ends', () => {
    const feb = monthGrid({ year: 2028, month: 2 }).flat().filter((d) => d.inMonth)
    expect(feb).toHaveLength(29)
    const dec = monthGrid({ year: 2026, month: 12 })
    expect(dec[dec.length - 1][6].date).toBe('2027-01-03')
  })

  it('shifts months over year boundaries and reads month keys', () => {
    expect(shiftMonth({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 })
    expect(shiftMonth({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 })
    expect(shiftMonth({ year: 2026, month: 5 }, -17)).toEqual({ year: 2024, month: 12 })
    expect(parseMonthKey('2026-11')).toEqual({ year: 2026, month: 11 })
    expect(parseMonthKey('2026-13')).toBeNull()
    expect(parseMonthKey(undefined)).toBeNull()
  })

  it('groups meetings by local start date in time order', () => {
    const groups = groupByDay([
      { id: 2, starts_at: at(2026, 11, 24, 14) },
      { id: 1, starts_at: at(2026, 11, 24, 9) },
      { id: 3, starts_at: at(2026, 11, 3, 23, 30) },
    ])
    expect(groups.map((g) => [g.date, g.items.map((m) => m.id)])).toEqual([
      ['2026-11-03', [3]],
      ['2026-11-24', [1, 2]],
    ])
    expect(localDate(at(2026, 1, 1, 0, 5))).toBe('2026-01-01')
    expect(weekdayIndex('2026-11-23')).toBe(0)
    expect(weekdayIndex('2026-11-29')).toBe(6)
  })
})

describe('meeting phases', () => {
  const now = (h: number, mi = 0) => Date.parse(at(2026, 11, 24, h, mi))

  it('knows drafts, cancelled, upcoming, running and ended meetings', () => {
    expect(meetingPhase(detail({ status: 'draft' }), now(15))).toBe('draft')
    expect(meetingPhase(detail({ status: 'cancelled' }), now(15))).toBe('cancelled')
    expect(meetingPhase(detail(), now(13))).toBe('upcoming')
    expect(meetingPhase(detail(), now(15))).toBe('running')
    expect(meetingPhase(detail(), now(16, 1))).toBe('ended')
  })

  it('offers leave only to attendees before the start', () => {
    expect(canAskLeave(detail(), now(13))).toBe(true)
    expect(canAskLeave(detail(), now(14, 1))).toBe(false)
    expect(canAskLeave(detail({ my: { attendee: false, present: false, leave: 'none' } }), now(13))).toBe(false)
    expect(canAskLeave(detail({ my: { attendee: true, present: false, leave: 'requested' } }), now(13))).toBe(false)
    expect(canAskLeave(detail({ my: { attendee: true, present: false, leave: 'rejected' } }), now(13))).toBe(true)
    expect(canAskLeave(detail({ status: 'draft' }), now(13))).toBe(false)
  })

  it('offers check-in inside the window only', () => {
    expect(canCheckIn(detail(), now(13, 29))).toBe(false)
    expect(canCheckIn(detail(), now(13, 30))).toBe(true)
    expect(canCheckIn(detail(), now(14, 30))).toBe(true)
    expect(canCheckIn(detail(), now(14, 31))).toBe(false)
    expect(canCheckIn(detail({ my: { attendee: true, present: true, leave: 'none' } }), now(14))).toBe(false)
  })

  it('sends presence only while an online meeting runs', () => {
    expect(wantsHeartbeat(detail(), now(15))).toBe(false)
    const online = detail({ online_url: 'https://meeting.example.cn/1', mode: 'hybrid' })
    expect(wantsHeartbeat(online, now(15))).toBe(true)
    expect(wantsHeartbeat(online, now(13))).toBe(false)
    expect(wantsHeartbeat({ ...online, my: { attendee: false, present: false, leave: 'none' } }, now(15))).toBe(false)
  })

  it('says where the check-in window stands', () => {
    const w = detail().checkin_window
    expect(windowState(w, now(13))).toBe('before')
    expect(windowState(w, now(14))).toBe('open')
    expect(windowState({ ...w, open: true }, now(13))).toBe('open')
    expect(windowState(w, now(15))).toBe('closed')
  })

  it('counts attendance', () => {
    const a = (attendance: Attendee['attendance']) => ({ ...detail().attendees[0], attendance })
    expect(attendanceCounts([a('present'), a('present'), a('leave'), a('absent')])).toEqual({ present: 2, leave: 1, absent: 1, pending: 0 })
  })
})

describe('meeting form', () => {
  function filled(over: Partial<MeetingForm> = {}): MeetingForm {
    return {
      ...emptyMeetingForm(),
      org_id: 3,
      type: 'general_assembly',
      title: '支部党员大会',
      starts_at: new Date(2026, 10, 24, 14),
      ends_at: new Date(2026, 10, 24, 16),
      place: '学院楼 301',
      host_member_id: 1,
      attendee_ids: [1, 5],
      ...over,
    }
  }

  it('accepts a complete form', () => {
    expect(validateMeetingForm(filled())).toEqual({})
    expect(validateMeetingForm(filled({ place: '', online_url: 'https://meeting.tencent.com/dm/abc' }))).toEqual({})
  })

  it('names every missing or wrong field', () => {
    const e = validateMeetingForm({ ...emptyMeetingForm() })
    expect(Object.keys(e).sort()).toEqual(['attendee_ids', 'ends_at', 'host_member_id', 'org_id', 'place', 'starts_at', 'title', 'type'])
    expect(validateMeetingForm(filled({ ends_at: new Date(2026, 10, 24, 13) })).ends_at).toBe('meetingEdit.err.endBeforeStart')
    expect(validateMeetingForm(filled({ place: ' ', online_url: '' })).place).toBe('meetingEdit.err.placeOrLink')
    expect(validateMeetingForm(filled({ online_url: 'meeting room 3' })).online_url).toBe('meetingEdit.err.link')
    expect(validateMeetingForm(filled({ type: 'talk', attendee_ids: [1, 2, 3] })).attendee_ids).toBe('meetingEdit.err.talkPair')
    expect(validateMeetingForm(filled({ type: 'talk', attendee_ids: [1, 2] }))).toEqual({})
    expect(validateMeetingForm(filled({ checkin_before_min: -1 })).checkin_before_min).toBe('meetingEdit.err.window')
  })

  it('checks that the chosen org holds the chosen type', () => {
    expect(validateMeetingForm(filled({ type: 'group' }), { orgKind: 'branch', type: { on_party_group: true } }).org_id).toBe('meetingEdit.err.orgType')
    expect(validateMeetingForm(filled({ type: 'group' }), { orgKind: 'party_group', type: { on_party_group: true } })).toEqual({})
    expect(validateMeetingForm(filled(), { orgKind: 'branch', type: { on_party_group: false } })).toEqual({})
    expect(lookup('meetingEdit.err.orgType')).toBeTypeOf('string')
  })

  it('uses only message keys that the catalogue has', () => {
    const e = validateMeetingForm({ ...emptyMeetingForm(), type: 'talk', online_url: 'x', checkin_after_min: 1.5, ends_at: new Date(0), starts_at: new Date(1) })
    for (const key of Object.values(e)) expect(lookup(key), key).toBeTypeOf('string')
  })

  it('checks links', () => {
    expect(isHttpUrl('https://meeting.tencent.com/dm/abc')).toBe(true)
    expect(isHttpUrl('http://10.0.0.5:8080/room')).toBe(true)
    expect(isHttpUrl('ftp://x.cn')).toBe(false)
    expect(isHttpUrl('https://a b.cn')).toBe(false)
    expect(isHttpUrl('腾讯会议 123')).toBe(false)
  })

  it('sends ISO instants and sorted attendees', () => {
    const input = meetingInput(filled({ attendee_ids: [5, 1], title: '  大会 ' }))
    expect(input.starts_at).toBe(new Date(2026, 10, 24, 14).toISOString())
    expect(input.starts_at.endsWith('Z')).toBe(true)
    expect(input.attendee_ids).toEqual([1, 5])
    expect(input.title).toBe('大会')
  })

  it('patches only what changed (instants compared as instants)', () => {
    const d = detail()
    const before = meetingInput(formFromDetail(d))
    expect(meetingPatch(before, meetingInput(formFromDetail(d)))).toEqual({})
    const f = formFromDetail(d)
    f.place = '学院楼 405'
    f.attendee_ids = [5, 1, 9]
    expect(meetingPatch(before, meetingInput(f))).toEqual({ place: '学院楼 405', attendee_ids: [1, 5, 9] })
    // The server's "…T06:00:00Z" and the browser's "…T06:00:00.000Z" are the same instant.
    expect(meetingPatch({ ...before, starts_at: before.starts_at.replace('.000Z', 'Z') }, before)).toEqual({})
  })

  it('prefills the title from type and date', () => {
    expect(titleParts('支部党员大会', new Date(2026, 10, 24, 14))).toEqual({ type: '支部党员大会', y: 2026, m: 11, d: 24 })
    expect(titleParts('', new Date())).toBeNull()
    expect(titleParts('党课', null)).toBeNull()
  })

  it('lets the right orgs hold each type', () => {
    expect(orgAllowedForType('party_group', { on_party_group: true })).toBe(true)
    expect(orgAllowedForType('branch', { on_party_group: true })).toBe(false)
    expect(orgAllowedForType('branch', { on_party_group: false })).toBe(true)
    expect(orgAllowedForType('general_branch', { on_party_group: false })).toBe(true)
    expect(orgAllowedForType('college_committee', { on_party_group: false })).toBe(false)
    expect(orgAllowedForType('party_group', null)).toBe(true)
  })

  it('finds people by name, org or post', () => {
    const people = [
      { member_id: 1, name: '张三', category: 'full', category_name: '正式党员', org_name: '第一党支部', post: '书记' },
      { member_id: 2, name: '李四', category: 'full', category_name: '正式党员', org_name: '第二党小组', post: null },
    ]
    expect(filterPeople(people, '张').map((p) => p.member_id)).toEqual([1])
    expect(filterPeople(people, '小组').map((p) => p.member_id)).toEqual([2])
    expect(filterPeople(people, '书记').map((p) => p.member_id)).toEqual([1])
    expect(filterPeople(people, ' ')).toHaveLength(2)
  })
})

describe('check-in codes', () => {
  it('reads codes typed with spaces or full-width digits', () => {
    expect(normalizeCode(' 123 456 ')).toBe('123456')
    expect(normalizeCode('１２３４５６')).toBe('123456')
    expect(isCheckinCode('012345')).toBe(true)
    expect(isCheckinCode('12345')).toBe(false)
    expect(spacedCode('012345')).toBe('012 345')
    expect(clock(125)).toBe('2:05')
    expect(clock(-3)).toBe('0:00')
  })
})

describe('compliance periods', () => {
  it('reads and writes period keys', () => {
    expect(parsePeriodKey('2026-11')).toEqual({ kind: 'month', year: 2026, index: 11 })
    expect(parsePeriodKey('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, index: 4 })
    expect(parsePeriodKey('2026-q1')).toEqual({ kind: 'quarter', year: 2026, index: 1 })
    expect(parsePeriodKey('2026')).toEqual({ kind: 'year', year: 2026, index: 0 })
    for (const bad of ['2026-00', '2026-13', '2026-Q5', '26', '', null]) expect(parsePeriodKey(bad)).toBeNull()
    for (const key of ['2026-01', '2026-11', '2026-Q4', '2026']) expect(periodKey(parsePeriodKey(key)!)).toBe(key)
  })

  it('finds the period containing a day', () => {
    const d = new Date(2026, 10, 24)
    expect(periodKey(periodContaining('month', d))).toBe('2026-11')
    expect(periodKey(periodContaining('quarter', d))).toBe('2026-Q4')
    expect(periodKey(periodContaining('quarter', new Date(2026, 0, 1)))).toBe('2026-Q1')
    expect(periodKey(periodContaining('year', d))).toBe('2026')
  })

  it('steps periods over year boundaries', () => {
    const k = (key: string, n: number) => periodKey(shiftPeriod(parsePeriodKey(key)!, n))
    expect(k('2026-12', 1)).toBe('2027-01')
    expect(k('2026-01', -1)).toBe('2025-12')
    expect(k('2026-Q4', 1)).toBe('2027-Q1')
    expect(k('2026-Q1', -1)).toBe('2025-Q4')
    expect(k('2026-Q2', -9)).toBe('2024-Q1')
    expect(k('2026', -1)).toBe('2025')
  })

  it('switches period kinds around the same first day', () => {
    const c = (key: string, kind: 'month' | 'quarter' | 'year') => periodKey(convertPeriod(parsePeriodKey(key)!, kind))
    expect(c('2026-11', 'quarter')).toBe('2026-Q4')
    expect(c('2026-11', 'year')).toBe('2026')
    expect(c('2026-Q3', 'month')).toBe('2026-07')
    expect(c('2026', 'quarter')).toBe('2026-Q1')
  })

  it('formats attendance rates', () => {
    expect(formatRate(0.9234)).toBe('92.3%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0)).toBe('0.0%')
    expect(formatRate(null)).toBe('—')
  })
})

describe('votes', () => {
  it('checks the options of a general vote', () => {
    expect(voteOptionsProblem(['同意', '不同意'])).toBeNull()
    expect(voteOptionsProblem(['同意'])).toBe('vote.err.optionCount')
    expect(voteOptionsProblem(Array.from({ length: 11 }, (_, i) => `选项${i}`))).toBe('vote.err.optionCount')
    expect(voteOptionsProblem(['同意', ' '])).toBe('vote.err.optionEmpty')
    expect(voteOptionsProblem(['同意', '同意 '])).toBe('vote.err.optionDuplicate')
    for (const key of ['vote.err.optionCount', 'vote.err.optionEmpty', 'vote.err.optionDuplicate']) expect(lookup(key), key).toBeTypeOf('string')
  })

  const assembly: AssemblyVoteResult = {
    counts: [
      { code: 'yes', label: '赞成', count: 12 },
      { code: 'no', label: '反对', count: 2 },
      { code: 'abstain', label: '弃权', count: 1 },
    ],
    eligible: 20,
    present: 14,
    quorum_needed: 11,
    pass_needed: 11,
    yes: 12,
    no: 2,
    abstain: 1,
    written: 1,
    not_voted: 4,
    quorum_met: true,
    passed: true,
    rule_version: '2026',
    summary: '应到有表决权的正式党员 20 人，实到 14 人，超过半数；赞成 12 票（含书面意见 1 份），超过应到人数的一半，通过。',
  }

  it('tells assembly results from general ones and reads them out', () => {
    expect(isAssemblyResult(assembly)).toBe(true)
    expect(isAssemblyResult({ counts: [], voted: 3, eligible: 5 })).toBe(false)
    expect(isAssemblyResult(null)).toBe(false)
    const facts = assemblyFacts(assembly)
    expect(facts.find((f) => f.key === 'vote.fact.written')?.value).toBe(1)
    expect(facts.find((f) => f.key === 'vote.fact.ruleVersion')?.value).toBe('2026')
    for (const f of facts) expect(lookup(f.key), f.key).toBeTypeOf('string')
  })

  it('states the verdict: no quorum, passed or failed', () => {
    expect(assemblyVerdict(assembly)).toBe('vote.verdict.passed')
    expect(assemblyVerdict({ ...assembly, passed: false })).toBe('vote.verdict.failed')
    expect(assemblyVerdict({ ...assembly, quorum_met: false, passed: false })).toBe('vote.verdict.noQuorum')
    for (const r of [assembly, { ...assembly, passed: false }, { ...assembly, quorum_met: false }]) expect(lookup(assemblyVerdict(r))).toBeTypeOf('string')
  })

  it('gives each option its share of the votes', () => {
    expect(resultRows(assembly).map((r) => r.percent)).toEqual([80, 13.3, 6.7])
    expect(resultRows({ counts: [{ code: 'a', label: 'A', count: 0 }], voted: 0, eligible: 3 })[0].percent).toBe(0)
  })
})

describe('democratic appraisal', () => {
  it('caps 优秀 at a third, rounded down', () => {
    expect([0, 2, 3, 5, 6, 20].map(excellentCap)).toEqual([0, 0, 1, 1, 2, 6])
  })

  it('counts grades and finds who is left to grade', () => {
    const grades = { '1': 'excellent', '2': 'qualified', '3': '', '4': 'excellent' } as const
    expect(countGrade(grades, 'excellent')).toBe(2)
    expect(ungraded([1, 2, 3, 4, 5], 2, grades)).toEqual([3, 5])
    expect(ungraded([1, 2, 3], 3, { '1': 'qualified', '2': 'qualified' })).toEqual([])
    expect(filledGrades(grades)).toEqual({ '1': 'excellent', '2': 'qualified', '4': 'excellent' })
  })
})

describe('minutes', () => {
  it('makes one criticism entry per attendee and keeps old ones', () => {
    const rows = criticismRows(
      [
        { member_id: 1, name: '张三' },
        { member_id: 2, name: '李四' },
      ],
      [
        { member_id: 2, name: '李四', self_criticism: '学习不够', criticism: '', rectification: '每周学习' },
        { member_id: 9, name: '赵九', self_criticism: '迟到', criticism: '', rectification: '' },
      ],
    )
    expect(rows.map((r) => r.member_id)).toEqual([1, 2, 9])
    expect(rows[1].self_criticism).toBe('学习不够')
    expect(filledCriticisms(rows)).toEqual([
      { member_id: 2, self_criticism: '学习不够', criticism: '', rectification: '每周学习' },
      { member_id: 9, self_criticism: '迟到', criticism: '', rectification: '' },
    ])
  })

  it('drops empty decisions', () => {
    expect(cleanDecisions([' 通过A ', '', '  ', 'B'])).toEqual(['通过A', 'B'])
  })

  it('accepts pdf, png and jpeg up to 20 MiB', () => {
    expect(mimeOf('记录.PDF', '')).toBe('application/pdf')
    expect(mimeOf('a.jpg', 'image/jpeg')).toBe('image/jpeg')
    expect(mimeOf('a.docx', '')).toBeNull()
    expect(fileProblem({ name: 'a.png', type: 'image/png', size: 100 })).toBeNull()
    expect(fileProblem({ name: 'a.gif', type: 'image/gif', size: 100 })).toBe('minutes.err.fileType')
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 20 * 1024 * 1024 + 1 })).toBe('minutes.err.fileSize')
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toBe('minutes.err.fileEmpty')
    for (const key of ['minutes.err.fileType', 'minutes.err.fileSize', 'minutes.err.fileEmpty']) expect(lookup(key), key).toBeTypeOf('string')
  })

  it('shows amendment values as text', () => {
    expect(amendmentText('新内容')).toBe('新内容')
    expect(amendmentText(['一', '二'])).toBe('一；二')
    expect(amendmentText(null)).toBe('')
    expect(amendmentText([{ member_id: 1 }])).toBe('[{"member_id":1}]')
  })
})

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), zhCN)
}

describe('page access', () => {
  const who = (caps: string[], memberId: number | null) => ({ can: (c: string) => caps.includes(c), memberId })

  it('lets everyone logged in open the calendar and a meeting (the server decides per meeting)', () => {
    expect(routeAllowed({}, who([], 5))).toBe(true)
    expect(routeAllowed({}, who([], null))).toBe(true)
  })

  it('keeps new and edit for meetings.manage', () => {
    expect(routeAllowed({ cap: 'meetings.manage' }, who(['meetings.read'], 5))).toBe(false)
    expect(routeAllowed({ cap: 'meetings.manage' }, who(['meetings.manage'], null))).toBe(true)
  })

  it('opens compliance to meetings.read or to a member (their own branch)', () => {
    const meta = { cap: 'meetings.read', orMember: true }
    expect(routeAllowed(meta, who(['meetings.read'], null))).toBe(true)
    expect(routeAllowed(meta, who([], 5))).toBe(true)
    expect(routeAllowed(meta, who([], null))).toBe(false)
  })

  it('still keeps member-only pages for accounts with a record', () => {
    expect(routeAllowed({ member: true }, who(['meetings.read'], null))).toBe(false)
    expect(routeAllowed({ member: true }, who([], 3))).toBe(true)
  })
})
