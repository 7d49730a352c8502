// Member development (发展党员), the pure rules of the pages: the 5 stages and which steps they
// hold, the board's columns, the date hints of a verdict, the fields each step asks for and the
// body sent for it, what a recorded step's data says, the documents a case can print, the votes
// a step may take, the holiday calendar's checks and the funnel's rates. No I/O and no Vue here;
// the server checks every rule again and its Chinese message is what the user sees. Messages are
// i18n keys; the pages translate them.
import type {
  DevActor,
  DevCalendarDay,
  DevCase,
  DevCaseItem,
  DevDue,
  DevFunnel,
  DevFunnelKey,
  DevStage,
  DevStepInput,
  DevStepRecord,
  DevVerdict,
  StoredFile,
  Vote,
} from '../api/types'

// ---- Stages ----------------------------------------------------------------------------------

export const STAGES: readonly DevStage[] = ['applicant', 'activist', 'target', 'admission', 'probation']

/** The standard steps (by number, 1–25) each stage holds (DOMAIN.md §3). */
export const STAGE_STEPS: Record<DevStage, readonly [number, number]> = {
  applicant: [1, 2],
  activist: [3, 6],
  target: [7, 11],
  admission: [12, 20],
  probation: [21, 25],
}

export function stageOfNumber(n: number): DevStage {
  return STAGES.find((s) => n >= STAGE_STEPS[s][0] && n <= STAGE_STEPS[s][1]) ?? 'probation'
}

export function stageIndex(s: DevStage): number {
  return STAGES.indexOf(s)
}

export type StageState = 'done' | 'current' | 'todo' | 'stopped'

/** Where a case stands in each of the 5 stages (the applicant's progress bar). */
export function stageProgress(c: Pick<DevCase, 'stage' | 'status'>): { stage: DevStage; state: StageState }[] {
  const at = stageIndex(c.stage)
  return STAGES.map((stage, i) => {
    if (c.status === 'completed' || i < at) return { stage, state: 'done' }
    if (i > at) return { stage, state: 'todo' }
    return { stage, state: c.status === 'cancelled' ? 'stopped' : 'current' }
  })
}

/** The board: one column per stage; overdue cases first, then the soonest next deadline, then by name. */
export function boardColumns(items: readonly DevCaseItem[]): { stage: DevStage; items: DevCaseItem[] }[] {
  const order = (a: DevCaseItem, b: DevCaseItem) => {
    if ((a.overdue > 0) !== (b.overdue > 0)) return a.overdue > 0 ? -1 : 1
    const da = a.next?.due_on ?? '9999-12-31'
    const db = b.next?.due_on ?? '9999-12-31'
    if (da !== db) return da < db ? -1 : 1
    return a.name.localeCompare(b.name, 'zh-CN')
  }
  return STAGES.map((stage) => ({ stage, items: items.filter((x) => x.stage === stage).sort(order) }))
}

/** The steps recorded, in order (a re-recorded pre-review or conversion vote keeps its earlier record, superseded). */
export function recordedSteps(steps: readonly DevStepRecord[], withSuperseded = true): DevStepRecord[] {
  return steps
    .filter((s) => withSuperseded || !s.superseded)
    .slice()
    .sort((a, b) => (a.done_on !== b.done_on ? (a.done_on < b.done_on ? -1 : 1) : a.number - b.number || a.id - b.id))
}

// ---- Dates (YYYY-MM-DD civil dates from the server; "today" is the server's) ---------------

function utcDay(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 86_400_000
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(utcDay(to) - utcDay(from))
}

/** A reminder goes out this many days before a deadline (as the server's kReminderLeadDays). */
export const SOON_DAYS = 7

export type DueState = 'overdue' | 'soon' | 'open' | 'none'

/** How urgent an item is on the server's `today`: overdue (red), due within a week, open, or no deadline. */
export function dueState(d: Pick<DevDue, 'due_on' | 'overdue'>, today: string): DueState {
  if (d.overdue) return 'overdue'
  if (!d.due_on) return 'none'
  const left = daysBetween(today, d.due_on)
  if (left < 0) return 'overdue'
  return left <= SOON_DAYS ? 'soon' : 'open'
}

export interface Hint {
  key: string
  params: Record<string, string>
}

/**
 * The date hints of a step's verdict: the earliest date it may be recorded (when that is still
 * ahead) and the deadline. The rule itself is the verdict's message, shown as the server wrote it.
 * An allowed verdict carries no dates: the to-do item of the same step (`due`) gives them then.
 */
export function verdictHints(v: DevVerdict, today: string, due?: Pick<DevDue, 'from' | 'due_on'> | null): Hint[] {
  const out: Hint[] = []
  const earliest = v.earliest ?? (due?.from && due.from > today ? due.from : null)
  const latest = v.latest ?? due?.due_on ?? null
  if (earliest && earliest > today) out.push({ key: 'dev.hint.earliest', params: { date: earliest } })
  else if (earliest) out.push({ key: 'dev.hint.since', params: { date: earliest } })
  if (latest && v.kind === 'late') out.push({ key: 'dev.hint.lateSince', params: { date: latest } })
  else if (latest && latest < today) out.push({ key: 'dev.hint.closed', params: { date: latest } })
  else if (latest) out.push({ key: 'dev.hint.latest', params: { date: latest } })
  return out
}

/** Whether a date may be picked at all: never after the server's today. */
export function dateDisabled(ymd: string, today: string): boolean {
  return ymd > today
}

// ---- Who records a step --------------------------------------------------------------------

/**
 * Whether the caller may try a step of this actor. A branch's own steps need development.manage
 * at the case (can_manage); filings, pre-review and approvals are the higher committees': their
 * administrators (admin level 1 or 2). The server checks again at the acting org.
 */
export function mayRecord(actor: DevActor, canManage: boolean, adminLevel: number | null): boolean {
  if (actor === 'branch') return canManage
  return adminLevel !== null && adminLevel <= 2
}

// ---- Step forms ----------------------------------------------------------------------------

export type StepField =
  | 'decided_by'
  | 'contacts'
  | 'introducers'
  | 'conclusion'
  | 'training'
  | 'form_serial'
  | 'vote'
  | 'talker'
  | 'approval_outcome'
  | 'group'
  | 'conversion_outcome'
  | 'checklist'

const FIELDS: Record<string, StepField[]> = {
  activist: ['decided_by'],
  contacts: ['contacts'],
  introducers: ['introducers'],
  political_review: ['conclusion'],
  short_training: ['training'],
  application_form: ['form_serial'],
  admission_vote: ['vote'],
  approval_talk: ['talker'],
  admission_approval: ['approval_outcome'],
  placement: ['group'],
  conversion_vote: ['conversion_outcome', 'vote'],
  archive: ['checklist'],
}

/** The inputs of a step besides its date, comments, materials and late reason. */
export function stepFields(step: string): StepField[] {
  return FIELDS[step] ?? []
}

export interface StepForm {
  done_on: string
  comments: string
  late_reason: string
  files: StoredFile[]
  decided_by: '' | 'committee' | 'assembly'
  contacts: number[]
  introducers: number[]
  conclusion: string
  training_days: number | null
  class_hours: number | null
  form_serial: string
  vote_id: number | null
  talker: string
  outcome: string
  group_id: number | null
  extension_months: number | null
  checklist: string[]
}

export function emptyStepForm(today: string): StepForm {
  return {
    done_on: today,
    comments: '',
    late_reason: '',
    files: [],
    decided_by: '',
    contacts: [],
    introducers: [],
    conclusion: '',
    training_days: null,
    class_hours: null,
    form_serial: '',
    vote_id: null,
    talker: '',
    outcome: '',
    group_id: null,
    extension_months: null,
    checklist: [],
  }
}

/** The vote kind a step takes (15: admission, 23: conversion), or null. */
export function voteKindOf(step: string): 'admission' | 'conversion' | null {
  if (step === 'admission_vote') return 'admission'
  if (step === 'conversion_vote') return 'conversion'
  return null
}

/** Whether the step takes a vote with this form (23 only when the assembly converts). */
export function usesVote(step: string, f: Pick<StepForm, 'outcome'>): boolean {
  return step === 'admission_vote' || (step === 'conversion_vote' && f.outcome === 'convert')
}

/** The date comes from the vote's meeting: no date to pick. */
export function dateFromVote(step: string, f: Pick<StepForm, 'outcome'>): boolean {
  return usesVote(step, f)
}

/** Reviews need the review's opinion; extending or cancelling probation needs the reasons. */
export function commentsRequired(step: string, f: Pick<StepForm, 'outcome'>): boolean {
  if (step === 'activist_review' || step === 'probation_review') return true
  return step === 'conversion_vote' && (f.outcome === 'extend' || f.outcome === 'cancel')
}

export const MIN_TRAINING_DAYS = 3
export const MIN_CLASS_HOURS = 24

/**
 * What is missing or wrong before a step is sent, as i18n keys per field (empty: send it). The
 * server checks everything again; these only save a round trip for what is plainly missing.
 */
export function stepFormProblems(
  step: string,
  f: StepForm,
  opts: { lateReasonNeeded: boolean; archiveCodes: readonly string[] },
): Record<string, string> {
  const p: Record<string, string> = {}
  if (!dateFromVote(step, f) && !f.done_on) p.done_on = 'dev.err.date'
  if (commentsRequired(step, f) && !f.comments.trim()) p.comments = step === 'conversion_vote' ? 'dev.err.reasons' : 'dev.err.opinion'
  if (opts.lateReasonNeeded && !f.late_reason.trim()) p.late_reason = 'dev.err.lateReason'
  for (const field of stepFields(step)) {
    switch (field) {
      case 'decided_by':
        if (!f.decided_by) p.decided_by = 'dev.err.decidedBy'
        break
      case 'contacts':
        if (f.contacts.length < 1 || f.contacts.length > 2) p.contacts = 'dev.err.contacts'
        break
      case 'introducers':
        if (f.introducers.length !== 2) p.introducers = 'dev.err.introducers'
        break
      case 'conclusion':
        if (!f.conclusion.trim()) p.conclusion = 'dev.err.conclusion'
        break
      case 'training':
        if ((f.training_days ?? 0) < MIN_TRAINING_DAYS && (f.class_hours ?? 0) < MIN_CLASS_HOURS) p.training_days = 'dev.err.training'
        break
      case 'form_serial':
        if (!f.form_serial.trim()) p.form_serial = 'dev.err.formSerial'
        break
      case 'vote':
        if (usesVote(step, f) && !f.vote_id) p.vote_id = 'dev.err.vote'
        break
      case 'talker':
        if (!f.talker.trim()) p.talker = 'dev.err.talker'
        break
      case 'approval_outcome':
        if (f.outcome !== 'approve' && f.outcome !== 'refuse') p.outcome = 'dev.err.outcome'
        break
      case 'conversion_outcome':
        if (!['convert', 'extend', 'cancel'].includes(f.outcome)) p.outcome = 'dev.err.outcome'
        else if (f.outcome === 'extend' && (f.extension_months == null || f.extension_months < 6 || f.extension_months > 12))
          p.extension_months = 'dev.err.extension'
        break
      case 'checklist':
        if (opts.archiveCodes.some((c) => !f.checklist.includes(c))) p.checklist = 'dev.err.checklist'
        break
      case 'group':
        break
    }
  }
  return p
}

/** The body of POST /development/cases/{id}/steps: the step's own fields only. */
export function stepBody(step: string, f: StepForm, opts: { lateReason: boolean; version?: number }): DevStepInput {
  const body: DevStepInput = { step }
  if (!dateFromVote(step, f)) body.done_on = f.done_on
  if (f.comments.trim()) body.comments = f.comments.trim()
  if (opts.lateReason && f.late_reason.trim()) body.late_reason = f.late_reason.trim()
  if (f.files.length) body.files = f.files.map((x) => x.id)
  if (opts.version != null) body.version = opts.version
  for (const field of stepFields(step)) {
    switch (field) {
      case 'decided_by':
        body.decided_by = f.decided_by
        break
      case 'contacts':
        body.contacts = [...f.contacts]
        break
      case 'introducers':
        body.introducers = [...f.introducers]
        break
      case 'conclusion':
        body.conclusion = f.conclusion.trim()
        break
      case 'training':
        body.training_days = f.training_days ?? 0
        body.class_hours = f.class_hours ?? 0
        break
      case 'form_serial':
        body.form_serial = f.form_serial.trim()
        break
      case 'vote':
        if (usesVote(step, f) && f.vote_id) body.vote_id = f.vote_id
        break
      case 'talker':
        body.talker = f.talker.trim()
        break
      case 'approval_outcome':
      case 'conversion_outcome':
        body.outcome = f.outcome
        if (f.outcome === 'extend') body.extension_months = f.extension_months ?? 0
        break
      case 'group':
        if (f.group_id) body.group_id = f.group_id
        break
      case 'checklist':
        body.checklist = [...f.checklist]
        break
    }
  }
  return body
}

/** The server asks for a written reason for the delay (情况说明): its answer names late_reason. */
export function asksLateReason(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { field?: unknown }).field === 'late_reason'
}

// ---- Publicity ------------------------------------------------------------------------------

/** The publicity of a step (the development target's, or an extra step's), when one was started. */
export function publicityOf(c: Pick<DevCase, 'publicities'>, step: string) {
  return c.publicities.find((p) => p.step === step) ?? null
}

// ---- What a recorded step says -------------------------------------------------------------

export interface Line {
  key: string
  params: Record<string, string | number>
}

function names(v: unknown): string {
  return Array.isArray(v)
    ? v
        .map((x) => (x && typeof x === 'object' ? String((x as { name?: unknown }).name ?? '') : ''))
        .filter(Boolean)
        .join('、')
    : ''
}

/** The data of a recorded step as lines for the timeline (introducers, votes, training hours, …). */
export function stepDataLines(data: Record<string, unknown>): Line[] {
  const out: Line[] = []
  const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '')
  const num = (k: string) => (typeof data[k] === 'number' ? (data[k] as number) : null)
  if (str('decided_by')) out.push({ key: 'dev.data.decidedBy', params: { by: str('decided_by') } })
  if (names(data.contacts)) out.push({ key: 'dev.data.contacts', params: { names: names(data.contacts) } })
  if (names(data.introducers)) out.push({ key: 'dev.data.introducers', params: { names: names(data.introducers) } })
  if (str('conclusion')) out.push({ key: 'dev.data.conclusion', params: { text: str('conclusion') } })
  if (num('training_days') != null || num('class_hours') != null)
    out.push({ key: 'dev.data.training', params: { days: num('training_days') ?? 0, hours: num('class_hours') ?? 0 } })
  if (str('form_serial')) out.push({ key: 'dev.data.formSerial', params: { serial: str('form_serial') } })
  const vote = data.vote as Record<string, unknown> | undefined
  if (vote && typeof vote === 'object')
    out.push({
      key: vote.passed ? 'dev.data.votePassed' : 'dev.data.voteFailed',
      params: {
        eligible: Number(vote.eligible ?? 0),
        present: Number(vote.present ?? 0),
        yes: Number(vote.yes ?? 0),
        no: Number(vote.no ?? 0),
        abstain: Number(vote.abstain ?? 0),
        written: Number(vote.written ?? 0),
      },
    })
  if (str('talker')) out.push({ key: 'dev.data.talker', params: { name: str('talker') } })
  if (str('outcome')) out.push({ key: 'dev.data.outcome', params: { outcome: str('outcome') } })
  if (num('extension_months')) out.push({ key: 'dev.data.extension', params: { months: num('extension_months') ?? 0 } })
  if (str('group_name')) out.push({ key: 'dev.data.group', params: { name: str('group_name') } })
  if (Array.isArray(data.checklist)) out.push({ key: 'dev.data.checklist', params: { n: data.checklist.length } })
  if (str('serial')) out.push({ key: 'dev.data.serial', params: { serial: str('serial') } })
  return out
}

// ---- Documents -----------------------------------------------------------------------------

export const DOCUMENTS = ['publicity', 'filing', 'cover', 'approval', 'conversion'] as const
export type DevDocument = (typeof DOCUMENTS)[number]

function latest(c: Pick<DevCase, 'steps'>, step: string): DevStepRecord | null {
  const all = c.steps.filter((s) => s.step === step && !s.superseded)
  return all.length ? all[all.length - 1] : null
}

/** The printable documents a case has by now (the server refuses the others). */
export function availableDocuments(c: Pick<DevCase, 'steps' | 'publicities' | 'conversion_outcome'>): DevDocument[] {
  const out: DevDocument[] = []
  if (c.publicities.some((p) => p.step === 'target')) out.push('publicity')
  if (latest(c, 'target')) out.push('filing')
  if (latest(c, 'application_form')) out.push('cover')
  if (latest(c, 'admission_approval')?.data?.outcome === 'approve') out.push('approval')
  if (latest(c, 'conversion_approval') && c.conversion_outcome === 'convert') out.push('conversion')
  return out
}

// ---- Votes ---------------------------------------------------------------------------------

/** GET /meetings takes at most 100 days: the window of assemblies looked through for a vote. */
export const VOTE_LOOKBACK_DAYS = 99

/** The closed votes about the person of the kind a step takes, newest first. */
export function candidateVotes(votes: readonly Vote[], memberId: number, kind: 'admission' | 'conversion'): Vote[] {
  return votes.filter((v) => v.kind === kind && v.status === 'closed' && v.candidate?.member_id === memberId).sort((a, b) => b.id - a.id)
}

// ---- Settings ------------------------------------------------------------------------------

/** The id of an extra step from its code ('x12' → 12). */
export function extraStepId(code: string): number | null {
  const m = /^x(\d+)$/.exec(code)
  return m ? Number(m[1]) : null
}

/** A holiday calendar's days sorted by date; a problem (i18n key + params) when one is wrong or twice. */
export function calendarProblem(days: readonly DevCalendarDay[], year: number): Line | null {
  const seen = new Set<string>()
  for (const d of days) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.day) || Number(d.day.slice(0, 4)) !== year)
      return { key: 'dev.calendar.errDay', params: { day: d.day || '—', year } }
    if (seen.has(d.day)) return { key: 'dev.calendar.errTwice', params: { day: d.day } }
    seen.add(d.day)
  }
  return null
}

export function sortedDays(days: readonly DevCalendarDay[]): DevCalendarDay[] {
  return [...days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

// ---- Funnel --------------------------------------------------------------------------------

/** The funnel's rows with the share of the stage before that went on ('—' for the first or after 0). */
export function funnelRows(f: Pick<DevFunnel, 'stages' | 'counts'>): { key: DevFunnelKey; name: string; count: number; rate: number | null }[] {
  return f.stages.map((s, i) => {
    const count = f.counts[s.key] ?? 0
    const before = i > 0 ? (f.counts[f.stages[i - 1].key] ?? 0) : 0
    return { key: s.key, name: s.name, count, rate: i > 0 && before > 0 ? count / before : null }
  })
}
