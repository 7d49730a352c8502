import { describe, expect, it } from 'vitest'
import type { DevCase, DevCaseItem, DevStepRecord, DevVerdict, Vote } from '../src/api/types'
import zhCN from '../src/i18n/zh-CN'
import { routeAllowed } from '../src/router/access'
import {
  STAGES,
  STAGE_STEPS,
  asksLateReason,
  availableDocuments,
  boardColumns,
  calendarProblem,
  candidateVotes,
  commentsRequired,
  dateDisabled,
  dateFromVote,
  daysBetween,
  dueState,
  emptyStepForm,
  extraStepId,
  funnelRows,
  mayRecord,
  recordedSteps,
  sortedDays,
  stageOfNumber,
  stageProgress,
  stepBody,
  stepDataLines,
  stepFields,
  stepFormProblems,
  verdictHints,
  voteKindOf,
} from '../src/domain/development'

const ARCHIVE = ['application', 'talk_record', 'approval']
const opts = { lateReasonNeeded: false, archiveCodes: ARCHIVE }

function item(p: Partial<DevCaseItem>): DevCaseItem {
  return {
    id: 1,
    member_id: 1,
    name: '张三',
    category: 'activist',
    category_name: '入党积极分子',
    org_id: 5,
    org_name: '支部',
    status: 'active',
    status_name: '进行中',
    stage: 'activist',
    stage_name: '',
    last_number: 3,
    last_step_name: '',
    next: null,
    overdue: 0,
    rule_version: '2026',
    ...p,
  }
}

function record(p: Partial<DevStepRecord>): DevStepRecord {
  return {
    id: 1,
    step: 'application',
    number: 1,
    done_on: '2026-01-10',
    org_id: 5,
    org_name: '支部',
    comments: '',
    late_reason: null,
    data: {},
    rule_version: '2026',
    recorded_by_name: '书记',
    recorded_at: '2026-01-10T02:00:00Z',
    superseded: false,
    files: [],
    ...p,
  }
}

function verdict(p: Partial<DevVerdict>): DevVerdict {
  return { kind: 'allowed', message: '', field: '', earliest: null, latest: null, ...p }
}

describe('stages', () => {
  it('cover the 25 steps in order, five stages without gaps', () => {
    expect(STAGES).toEqual(['applicant', 'activist', 'target', 'admission', 'probation'])
    let next = 1
    for (const s of STAGES) {
      expect(STAGE_STEPS[s][0]).toBe(next)
      next = STAGE_STEPS[s][1] + 1
    }
    expect(next).toBe(26)
  })

  it('place each step in its stage (DOMAIN.md §3)', () => {
    expect(stageOfNumber(2)).toBe('applicant')
    expect(stageOfNumber(3)).toBe('activist')
    expect(stageOfNumber(7)).toBe('target')
    expect(stageOfNumber(12)).toBe('admission')
    expect(stageOfNumber(20)).toBe('admission')
    expect(stageOfNumber(21)).toBe('probation')
    expect(stageOfNumber(25)).toBe('probation')
  })

  it('show the progress: stages before done, the case’s current, the rest ahead; all done once completed', () => {
    expect(stageProgress({ stage: 'target', status: 'active' }).map((s) => s.state)).toEqual(['done', 'done', 'current', 'todo', 'todo'])
    expect(stageProgress({ stage: 'probation', status: 'completed' }).every((s) => s.state === 'done')).toBe(true)
    expect(stageProgress({ stage: 'activist', status: 'cancelled' }).map((s) => s.state)).toEqual(['done', 'stopped', 'todo', 'todo', 'todo'])
  })

  it('are named in the catalogue', () => {
    for (const s of STAGES) expect(zhCN.dev.stage[s]).toBeTruthy()
  })
})

describe('the board', () => {
  it('puts each case in its stage’s column: overdue first, then the soonest deadline, then by name', () => {
    const due = (d: string | null) => ({ kind: 'x', step: 'x', number: 2, title: '', from: null, due_on: d, overdue: false, hard: false })
    const cols = boardColumns([
      item({ id: 1, name: '乙', next: due('2026-05-01') }),
      item({ id: 2, name: '甲', next: due(null) }),
      item({ id: 3, name: '丙', next: due('2026-04-01') }),
      item({ id: 4, name: '丁', overdue: 1, next: due('2026-06-01') }),
      item({ id: 5, stage: 'probation' }),
    ])
    expect(cols.map((c) => c.stage)).toEqual(STAGES)
    expect(cols[1].items.map((c) => c.id)).toEqual([4, 3, 1, 2])
    expect(cols[4].items.map((c) => c.id)).toEqual([5])
    expect(cols[0].items).toEqual([])
  })

  it('orders the record by date, a redone step’s old record kept or left out', () => {
    const steps = [
      record({ id: 3, step: 'pre_review', number: 13, done_on: '2027-03-01' }),
      record({ id: 1, step: 'pre_review', number: 13, done_on: '2027-01-01', superseded: true }),
      record({ id: 2, step: 'branch_review', number: 12, done_on: '2027-01-01' }),
    ]
    expect(recordedSteps(steps).map((s) => s.id)).toEqual([2, 1, 3])
    expect(recordedSteps(steps, false).map((s) => s.id)).toEqual([2, 3])
  })
})

describe('dates', () => {
  it('count days across months and leap years', () => {
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9)
  })

  it('mark an item overdue, due within a week, open or without deadline on the server’s today', () => {
    const today = '2026-11-24'
    expect(dueState({ due_on: '2026-11-23', overdue: false }, today)).toBe('overdue')
    expect(dueState({ due_on: '2026-12-01', overdue: true }, today)).toBe('overdue') // the server says so (past the soft deadline)
    expect(dueState({ due_on: '2026-12-01', overdue: false }, today)).toBe('soon')
    expect(dueState({ due_on: '2026-11-24', overdue: false }, today)).toBe('soon')
    expect(dueState({ due_on: '2026-12-02', overdue: false }, today)).toBe('open')
    expect(dueState({ due_on: null, overdue: false }, today)).toBe('none')
  })

  it('hint the earliest date while it is ahead, and the deadline', () => {
    const today = '2026-11-24'
    expect(verdictHints(verdict({ kind: 'refused', earliest: '2027-11-24' }), today)).toEqual([{ key: 'dev.hint.earliest', params: { date: '2027-11-24' } }])
    expect(verdictHints(verdict({ earliest: '2026-11-01' }), today)).toEqual([{ key: 'dev.hint.since', params: { date: '2026-11-01' } }])
    expect(verdictHints(verdict({ kind: 'late', latest: '2026-11-01' }), today)).toEqual([{ key: 'dev.hint.lateSince', params: { date: '2026-11-01' } }])
    expect(verdictHints(verdict({ kind: 'refused', latest: '2026-10-01' }), today)).toEqual([{ key: 'dev.hint.closed', params: { date: '2026-10-01' } }])
    expect(verdictHints(verdict({ latest: '2026-12-24' }), today)).toEqual([{ key: 'dev.hint.latest', params: { date: '2026-12-24' } }])
    expect(verdictHints(verdict({}), today)).toEqual([])
    // An allowed step takes its dates from the to-do item of the same step.
    expect(verdictHints(verdict({}), today, { from: '2026-11-20', due_on: '2026-12-20' })).toEqual([{ key: 'dev.hint.latest', params: { date: '2026-12-20' } }])
    expect(verdictHints(verdict({}), today, { from: '2026-12-01', due_on: null })).toEqual([{ key: 'dev.hint.earliest', params: { date: '2026-12-01' } }])
    expect(verdictHints(verdict({ kind: 'refused', earliest: '2027-11-24' }), today, { from: '2026-12-01', due_on: null })[0].params.date).toBe('2027-11-24')
    for (const k of ['earliest', 'since', 'latest', 'lateSince', 'closed'] as const) expect(zhCN.dev.hint[k]).toContain('{date}')
    expect(zhCN.dev.hint.earliest).toContain('最早可于')
  })

  it('never offer a date after the server’s today', () => {
    expect(dateDisabled('2026-11-25', '2026-11-24')).toBe(true)
    expect(dateDisabled('2026-11-24', '2026-11-24')).toBe(false)
    expect(dateDisabled('2025-01-01', '2026-11-24')).toBe(false)
  })
})

describe('who records a step', () => {
  it('the branch its own steps; the committees above their filings, reviews and approvals', () => {
    expect(mayRecord('branch', true, 3)).toBe(true)
    expect(mayRecord('branch', false, 3)).toBe(false)
    expect(mayRecord('higher', true, 3)).toBe(false)
    expect(mayRecord('higher', true, 2)).toBe(true)
    expect(mayRecord('approver', true, 1)).toBe(true)
    expect(mayRecord('org_department', false, null)).toBe(false)
  })
})

describe('step forms', () => {
  it('ask each step for its own fields', () => {
    expect(stepFields('activist')).toEqual(['decided_by'])
    expect(stepFields('contacts')).toEqual(['contacts'])
    expect(stepFields('introducers')).toEqual(['introducers'])
    expect(stepFields('political_review')).toEqual(['conclusion'])
    expect(stepFields('short_training')).toEqual(['training'])
    expect(stepFields('application_form')).toEqual(['form_serial'])
    expect(stepFields('admission_vote')).toEqual(['vote'])
    expect(stepFields('approval_talk')).toEqual(['talker'])
    expect(stepFields('admission_approval')).toEqual(['approval_outcome'])
    expect(stepFields('placement')).toEqual(['group'])
    expect(stepFields('conversion_vote')).toEqual(['conversion_outcome', 'vote'])
    expect(stepFields('archive')).toEqual(['checklist'])
    expect(stepFields('target')).toEqual([])
    expect(stepFields('x12')).toEqual([])
  })

  it('take the date of a vote from its meeting (15 always, 23 when converting)', () => {
    const f = emptyStepForm('2026-11-24')
    expect(voteKindOf('admission_vote')).toBe('admission')
    expect(voteKindOf('conversion_vote')).toBe('conversion')
    expect(voteKindOf('oath')).toBeNull()
    expect(dateFromVote('admission_vote', f)).toBe(true)
    expect(dateFromVote('conversion_vote', { outcome: 'convert' })).toBe(true)
    expect(dateFromVote('conversion_vote', { outcome: 'extend' })).toBe(false)
    expect(dateFromVote('oath', f)).toBe(false)
  })

  it('need an opinion for reviews and reasons to extend or cancel probation', () => {
    expect(commentsRequired('activist_review', { outcome: '' })).toBe(true)
    expect(commentsRequired('probation_review', { outcome: '' })).toBe(true)
    expect(commentsRequired('conversion_vote', { outcome: 'convert' })).toBe(false)
    expect(commentsRequired('conversion_vote', { outcome: 'cancel' })).toBe(true)
    expect(commentsRequired('oath', { outcome: '' })).toBe(false)
  })

  it('say what is plainly missing before sending', () => {
    const f = emptyStepForm('2026-11-24')
    expect(stepFormProblems('application_talk', f, opts)).toEqual({})
    expect(stepFormProblems('application_talk', { ...f, done_on: '' }, opts)).toEqual({ done_on: 'dev.err.date' })
    expect(stepFormProblems('activist', f, opts)).toEqual({ decided_by: 'dev.err.decidedBy' })
    expect(stepFormProblems('contacts', { ...f, contacts: [1, 2, 3] }, opts)).toEqual({ contacts: 'dev.err.contacts' })
    expect(stepFormProblems('contacts', { ...f, contacts: [1] }, opts)).toEqual({})
    expect(stepFormProblems('introducers', { ...f, introducers: [1] }, opts)).toEqual({ introducers: 'dev.err.introducers' })
    expect(stepFormProblems('introducers', { ...f, introducers: [1, 2] }, opts)).toEqual({})
    expect(stepFormProblems('political_review', { ...f, conclusion: '  ' }, opts)).toEqual({ conclusion: 'dev.err.conclusion' })
    // Short training: 3 days or 24 class hours, either suffices.
    expect(stepFormProblems('short_training', { ...f, training_days: 2, class_hours: 23 }, opts)).toEqual({ training_days: 'dev.err.training' })
    expect(stepFormProblems('short_training', { ...f, training_days: 3 }, opts)).toEqual({})
    expect(stepFormProblems('short_training', { ...f, class_hours: 24 }, opts)).toEqual({})
    expect(stepFormProblems('admission_vote', { ...f, done_on: '' }, opts)).toEqual({ vote_id: 'dev.err.vote' })
    expect(stepFormProblems('admission_approval', f, opts)).toEqual({ outcome: 'dev.err.outcome' })
    expect(stepFormProblems('conversion_vote', { ...f, outcome: 'extend', extension_months: 5, comments: '表现一般' }, opts)).toEqual({
      extension_months: 'dev.err.extension',
    })
    expect(stepFormProblems('conversion_vote', { ...f, outcome: 'extend', extension_months: 6 }, opts)).toEqual({ comments: 'dev.err.reasons' })
    expect(stepFormProblems('conversion_vote', { ...f, outcome: 'convert' }, opts)).toEqual({ vote_id: 'dev.err.vote' })
    expect(stepFormProblems('archive', { ...f, checklist: ['application'] }, opts)).toEqual({ checklist: 'dev.err.checklist' })
    expect(stepFormProblems('archive', { ...f, checklist: [...ARCHIVE] }, opts)).toEqual({})
    expect(stepFormProblems('oath', f, { ...opts, lateReasonNeeded: true })).toEqual({ late_reason: 'dev.err.lateReason' })
    expect(stepFormProblems('activist_review', f, opts)).toEqual({ comments: 'dev.err.opinion' })
  })

  it('send only the step’s own fields', () => {
    const f = { ...emptyStepForm('2026-11-24'), comments: ' 同意 ', late_reason: '寒假', training_days: 3, class_hours: null }
    expect(stepBody('short_training', f, { lateReason: false, version: 7 })).toEqual({
      step: 'short_training',
      done_on: '2026-11-24',
      comments: '同意',
      version: 7,
      training_days: 3,
      class_hours: 0,
    })
    expect(stepBody('oath', f, { lateReason: true })).toEqual({ step: 'oath', done_on: '2026-11-24', comments: '同意', late_reason: '寒假' })
    expect(stepBody('admission_vote', { ...f, vote_id: 42 }, { lateReason: false })).toEqual({ step: 'admission_vote', comments: '同意', vote_id: 42 })
    expect(stepBody('conversion_vote', { ...f, outcome: 'extend', extension_months: 6, vote_id: 42 }, { lateReason: false })).toEqual({
      step: 'conversion_vote',
      done_on: '2026-11-24',
      comments: '同意',
      outcome: 'extend',
      extension_months: 6,
    })
    expect(stepBody('introducers', { ...f, introducers: [3, 4], files: [{ id: 9, name: 'a.pdf', size: 1, mime: 'application/pdf', sha256: '' }] }, { lateReason: false })).toEqual({
      step: 'introducers',
      done_on: '2026-11-24',
      comments: '同意',
      files: [9],
      introducers: [3, 4],
    })
    expect(stepBody('placement', f, { lateReason: false })).toEqual({ step: 'placement', done_on: '2026-11-24', comments: '同意' })
  })

  it('ask for a late reason when the server names that field', () => {
    expect(asksLateReason({ field: 'late_reason', message: '…' })).toBe(true)
    expect(asksLateReason({ field: 'done_on' })).toBe(false)
    expect(asksLateReason(null)).toBe(false)
  })
})

describe('what a recorded step says', () => {
  it('names the people, the vote, the training and the outcome', () => {
    const lines = stepDataLines({
      decided_by: 'committee',
      introducers: [
        { member_id: 1, name: '甲' },
        { member_id: 2, name: '乙' },
      ],
      training_days: 3,
      class_hours: 0,
      vote: { eligible: 9, present: 6, yes: 7, no: 0, abstain: 0, written: 3, passed: true },
      outcome: 'convert',
      form_serial: 'RD-2027-001',
    })
    expect(lines.map((l) => l.key)).toEqual([
      'dev.data.decidedBy',
      'dev.data.introducers',
      'dev.data.training',
      'dev.data.formSerial',
      'dev.data.votePassed',
      'dev.data.outcome',
    ])
    expect(lines[1].params).toEqual({ names: '甲、乙' })
    expect(lines[4].params).toMatchObject({ eligible: 9, yes: 7, written: 3 })
    expect(stepDataLines({})).toEqual([])
    for (const l of lines) expect(l.key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN)).toBeTruthy()
  })
})

describe('documents', () => {
  it('follow the steps recorded', () => {
    const c: Pick<DevCase, 'steps' | 'publicities' | 'conversion_outcome'> = { steps: [], publicities: [], conversion_outcome: '' }
    expect(availableDocuments(c)).toEqual([])
    c.publicities = [{ id: 1, step: 'target', starts_on: '', working_days: 5, ends_on: '', serial: '', content: '' }]
    c.steps = [record({ step: 'target', number: 7 }), record({ step: 'application_form', number: 14 }), record({ step: 'admission_approval', number: 17, data: { outcome: 'refuse' } })]
    expect(availableDocuments(c)).toEqual(['publicity', 'filing', 'cover'])
    c.steps.push(record({ id: 2, step: 'admission_approval', number: 17, data: { outcome: 'approve' } }), record({ step: 'conversion_approval', number: 24 }))
    c.conversion_outcome = 'convert'
    expect(availableDocuments(c)).toEqual(['publicity', 'filing', 'cover', 'approval', 'conversion'])
  })
})

describe('votes a step may take', () => {
  const vote = (p: Partial<Vote>) => ({ id: 1, kind: 'admission', status: 'closed', candidate: { member_id: 7, name: '' }, ...p }) as Vote
  it('are the closed votes about the person of the step’s kind, newest first', () => {
    const list = [
      vote({ id: 1 }),
      vote({ id: 2, status: 'open' }),
      vote({ id: 3, candidate: { member_id: 8, name: '' } }),
      vote({ id: 4, kind: 'conversion' }),
      vote({ id: 5 }),
      vote({ id: 6, kind: 'general', candidate: null }),
    ]
    expect(candidateVotes(list, 7, 'admission').map((v) => v.id)).toEqual([5, 1])
    expect(candidateVotes(list, 7, 'conversion').map((v) => v.id)).toEqual([4])
  })
})

describe('settings', () => {
  it('read an extra step’s id from its code', () => {
    expect(extraStepId('x12')).toBe(12)
    expect(extraStepId('target')).toBeNull()
  })

  it('check the holiday calendar: dates of the year, each once', () => {
    expect(calendarProblem([{ day: '2026-10-01', kind: 'holiday', name: '国庆节' }], 2026)).toBeNull()
    expect(calendarProblem([{ day: '2027-01-01', kind: 'holiday', name: '' }], 2026)?.key).toBe('dev.calendar.errDay')
    expect(calendarProblem([{ day: '', kind: 'holiday', name: '' }], 2026)?.key).toBe('dev.calendar.errDay')
    expect(
      calendarProblem(
        [
          { day: '2026-10-01', kind: 'holiday', name: '' },
          { day: '2026-10-01', kind: 'workday', name: '' },
        ],
        2026,
      )?.key,
    ).toBe('dev.calendar.errTwice')
    expect(sortedDays([{ day: '2026-10-08', kind: 'holiday', name: '' }, { day: '2026-09-28', kind: 'workday', name: '' }]).map((d) => d.day)).toEqual(['2026-09-28', '2026-10-08'])
  })
})

describe('the funnel', () => {
  it('gives each stage’s share of the stage before', () => {
    const rows = funnelRows({
      stages: [
        { key: 'applicants', name: '递交入党申请' },
        { key: 'activists', name: '确定为入党积极分子' },
        { key: 'targets', name: '确定为发展对象' },
      ],
      counts: { applicants: 10, activists: 4, targets: 0, probationary: 0, full: 0, late: 0, overdue: 0 },
    })
    expect(rows.map((r) => [r.count, r.rate])).toEqual([
      [10, null],
      [4, 0.4],
      [0, 0],
    ])
  })
})

describe('pages', () => {
  it('the applicant’s own progress is for people with a registry record', () => {
    expect(routeAllowed({ member: true }, { can: () => false, memberId: 3 })).toBe(true)
    expect(routeAllowed({ member: true }, { can: () => true, memberId: null })).toBe(false)
    expect(routeAllowed({ cap: 'development.read' }, { can: (c) => c === 'development.read', memberId: null })).toBe(true)
  })
})

describe('the catalogue', () => {
  it('names every value the pages translate by key', () => {
    const d = zhCN.dev
    for (const s of ['active', 'completed', 'cancelled', 'all'] as const) expect(d.status[s]).toBeTruthy()
    for (const k of ['allowed', 'late', 'refused'] as const) expect(d.verdict[k]).toBeTruthy()
    for (const a of ['branch', 'higher', 'approver', 'org_department'] as const) expect(d.actorWaiting[a]).toBeTruthy()
    for (const r of ['contact', 'introducer'] as const) expect(d.role[r]).toBeTruthy()
    for (const x of ['publicity', 'filing', 'cover', 'approval', 'conversion'] as const) expect(d.doc[x]).toBeTruthy()
    for (const o of ['approve', 'refuse', 'convert', 'extend', 'cancel'] as const) expect(d.outcome[o]).toBeTruthy()
    for (const b of ['committee', 'assembly'] as const) expect(d.decidedBy[b]).toBeTruthy()
  })
})
