// Organizational life (组织生活), the pure rules of the pages: the month calendar, meeting
// phases (may I ask for leave, check in, send presence?), the meeting form's checks, check-in
// codes, compliance periods, vote results and the appraisal's 优秀 cap. No I/O and no Vue here.
// Messages are i18n keys; the pages translate them.
import type {
  AssemblyVoteResult,
  Attendee,
  Criticism,
  GeneralVoteResult,
  Grade,
  Meeting,
  MeetingCandidate,
  MeetingDetail,
  MeetingInput,
  MeetingType,
  MeetingTypeInfo,
  OrgKind,
  PeriodKind,
  Vote,
} from '../api/types'

// ---- Dates (the browser's local time stands for the university's time zone) -----------------

const pad2 = (n: number) => String(n).padStart(2, '0')

/** A local calendar date as YYYY-MM-DD. */
export function ymd(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`
}

/** YYYY-MM-DD → local midnight of that day (null when it is no date). */
export function parseYmd(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return d.getMonth() === Number(m[2]) - 1 ? d : null
}

export function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n)
}

/** The local date of a UTC instant from the API. */
export function localDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : ymd(d)
}

/** HH:MM of a UTC instant in local time. */
export function localTime(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : `${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}

export interface YearMonth {
  year: number
  /** 1–12 */
  month: number
}

export function monthKey(ym: YearMonth): string {
  return `${ym.year}-${pad2(ym.month)}`
}

/** "2026-11" → {2026, 11}; null for anything else. */
export function parseMonthKey(key: string | null | undefined): YearMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key ?? '')
  if (!m) return null
  const month = Number(m[2])
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null
}

export function shiftMonth(ym: YearMonth, delta: number): YearMonth {
  const i = ym.year * 12 + (ym.month - 1) + delta
  return { year: Math.floor(i / 12), month: (i % 12) + 1 }
}

export function monthOf(d: Date): YearMonth {
  return { year: d.getFullYear(), month: d.getMonth() + 1 }
}

export interface CalendarDay {
  date: string
  day: number
  inMonth: boolean
  today: boolean
  /** Saturday or Sunday. */
  weekend: boolean
}

/**
 * The weeks of a month view, Monday first: from the Monday on or before the 1st to the Sunday
 * on or after the last day (4 to 6 weeks of 7 days).
 */
export function monthGrid(ym: YearMonth, today = ''): CalendarDay[][] {
  const first = new Date(ym.year, ym.month - 1, 1)
  const last = new Date(ym.year, ym.month, 0)
  // getDay(): 0 Sunday … 6 Saturday; days back to Monday:
  const start = addDays(first, -((first.getDay() + 6) % 7))
  const end = addDays(last, (7 - last.getDay()) % 7)
  const weeks: CalendarDay[][] = []
  for (let d = start; d <= end; d = addDays(d, 7)) {
    const week: CalendarDay[] = []
    for (let i = 0; i < 7; i++) {
      const day = addDays(d, i)
      const date = ymd(day)
      week.push({
        date,
        day: day.getDate(),
        inMonth: day.getMonth() === ym.month - 1,
        today: date === today,
        weekend: i >= 5,
      })
    }
    weeks.push(week)
  }
  return weeks
}

/** The `from`/`to` of GET /meetings for a grid (its first and last day). */
export function gridRange(weeks: CalendarDay[][]): { from: string; to: string } {
  const lastWeek = weeks[weeks.length - 1]
  return { from: weeks[0][0].date, to: lastWeek[lastWeek.length - 1].date }
}

/** Meetings by local start date, in start order (days without meetings are left out). */
export function groupByDay<M extends Pick<Meeting, 'starts_at'>>(meetings: readonly M[]): { date: string; items: M[] }[] {
  const sorted = [...meetings].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
  const out: { date: string; items: M[] }[] = []
  for (const m of sorted) {
    const date = localDate(m.starts_at)
    const last = out[out.length - 1]
    if (last && last.date === date) last.items.push(m)
    else out.push({ date, items: [m] })
  }
  return out
}

/** Monday-first weekday index 0–6 of a YYYY-MM-DD date. */
export function weekdayIndex(date: string): number {
  const d = parseYmd(date)
  return d ? (d.getDay() + 6) % 7 : 0
}

// ---- Types --------------------------------------------------------------------------------

export const MEETING_TYPES: readonly MeetingType[] = [
  'general_assembly',
  'committee',
  'group',
  'lecture',
  'theme_day',
  'life_meeting',
  'appraisal',
  'talk',
  'activity',
]

/** One colour per type, for the calendar and the tags. */
export const TYPE_COLORS: Record<MeetingType, string> = {
  general_assembly: '#c8161e',
  committee: '#e6a23c',
  group: '#409eff',
  lecture: '#67c23a',
  theme_day: '#b37feb',
  life_meeting: '#f56c6c',
  appraisal: '#36a3a0',
  talk: '#597ef7',
  activity: '#909399',
}

export function typeColor(type: string): string {
  return TYPE_COLORS[type as MeetingType] ?? '#909399'
}

/** Which orgs may hold a meeting of a type: 党小组会 a 党小组, the others a 党支部 or 党总支. */
export function orgAllowedForType(kind: OrgKind, type?: Pick<MeetingTypeInfo, 'on_party_group'> | null): boolean {
  if (!type) return kind === 'branch' || kind === 'general_branch' || kind === 'party_group'
  return type.on_party_group ? kind === 'party_group' : kind === 'branch' || kind === 'general_branch'
}

// ---- Where a meeting stands -----------------------------------------------------------------

export type Phase = 'draft' | 'cancelled' | 'upcoming' | 'running' | 'ended'

export function meetingPhase(m: Pick<Meeting, 'status' | 'starts_at' | 'ends_at'>, now: number): Phase {
  if (m.status === 'draft') return 'draft'
  if (m.status === 'cancelled') return 'cancelled'
  if (now < Date.parse(m.starts_at)) return 'upcoming'
  if (now <= Date.parse(m.ends_at)) return 'running'
  return 'ended'
}

/** 请假: an attendee of a published meeting, before the start, not already asked or granted. */
export function canAskLeave(m: Pick<Meeting, 'status' | 'starts_at' | 'ends_at' | 'my'>, now: number): boolean {
  return (
    m.my.attendee &&
    !m.my.present &&
    (m.my.leave === 'none' || m.my.leave === 'rejected') &&
    meetingPhase(m, now) === 'upcoming'
  )
}

/** 签到: an attendee not yet present, inside the check-in window of a published meeting. */
export function canCheckIn(m: Pick<MeetingDetail, 'status' | 'my' | 'checkin_window'>, now: number): boolean {
  if (m.status !== 'published' || !m.my.attendee || m.my.present) return false
  const opens = Date.parse(m.checkin_window.opens)
  const closes = Date.parse(m.checkin_window.closes)
  return now >= opens && now <= closes
}

export const HEARTBEAT_MS = 60_000

/** Online attendance: heartbeats while a published meeting with an online link runs, for its attendees. */
export function wantsHeartbeat(m: Pick<Meeting, 'status' | 'starts_at' | 'ends_at' | 'online_url' | 'my'>, now: number): boolean {
  return !!m.online_url && m.my.attendee && meetingPhase(m, now) === 'running'
}

// ---- The meeting form ---------------------------------------------------------------------

export interface MeetingForm {
  org_id: number | null
  type: MeetingType | ''
  title: string
  starts_at: Date | null
  ends_at: Date | null
  place: string
  online_url: string
  agenda: string
  host_member_id: number | null
  recorder_member_id: number | null
  attendee_ids: number[]
  checkin_before_min: number
  checkin_after_min: number
}

export function emptyMeetingForm(): MeetingForm {
  return {
    org_id: null,
    type: '',
    title: '',
    starts_at: null,
    ends_at: null,
    place: '',
    online_url: '',
    agenda: '',
    host_member_id: null,
    recorder_member_id: null,
    attendee_ids: [],
    checkin_before_min: 30,
    checkin_after_min: 30,
  }
}

export function isHttpUrl(s: string): boolean {
  const v = s.trim()
  if (/\s/.test(v)) return false
  try {
    const u = new URL(v)
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname
  } catch {
    return false
  }
}

/**
 * The form's own checks before it is sent: field → i18n key of the problem. With the chosen
 * org's kind and type, also whether that org holds that type (党小组会 in a 党小组, …).
 */
export function validateMeetingForm(
  f: MeetingForm,
  ctx: { orgKind?: OrgKind | null; type?: Pick<MeetingTypeInfo, 'on_party_group'> | null } = {},
): Record<string, string> {
  const e: Record<string, string> = {}
  if (f.org_id == null) e.org_id = 'meetingEdit.err.org'
  else if (ctx.orgKind && ctx.type && !orgAllowedForType(ctx.orgKind, ctx.type)) e.org_id = 'meetingEdit.err.orgType'
  if (!f.type) e.type = 'meetingEdit.err.type'
  if (!f.title.trim()) e.title = 'meetingEdit.err.title'
  if (!f.starts_at) e.starts_at = 'meetingEdit.err.start'
  if (!f.ends_at) e.ends_at = 'meetingEdit.err.end'
  else if (f.starts_at && f.ends_at.getTime() <= f.starts_at.getTime()) e.ends_at = 'meetingEdit.err.endBeforeStart'
  if (!f.place.trim() && !f.online_url.trim()) e.place = 'meetingEdit.err.placeOrLink'
  // docs/api.md does not say so, but the server refuses a meeting without a host (请选择主持人).
  if (f.host_member_id == null) e.host_member_id = 'meetingEdit.err.host'
  if (f.online_url.trim() && !isHttpUrl(f.online_url)) e.online_url = 'meetingEdit.err.link'
  if (f.type === 'talk' && f.attendee_ids.length !== 2) e.attendee_ids = 'meetingEdit.err.talkPair'
  else if (!f.attendee_ids.length) e.attendee_ids = 'meetingEdit.err.attendees'
  for (const k of ['checkin_before_min', 'checkin_after_min'] as const)
    if (!Number.isInteger(f[k]) || f[k] < 0 || f[k] > 240) e[k] = 'meetingEdit.err.window'
  return e
}

/** The body of POST /meetings (and the base PATCH compares against). */
export function meetingInput(f: MeetingForm): MeetingInput {
  return {
    org_id: f.org_id as number,
    type: f.type as MeetingType,
    title: f.title.trim(),
    starts_at: f.starts_at ? f.starts_at.toISOString() : '',
    ends_at: f.ends_at ? f.ends_at.toISOString() : '',
    place: f.place.trim(),
    online_url: f.online_url.trim(),
    agenda: f.agenda.trim(),
    host_member_id: f.host_member_id,
    recorder_member_id: f.recorder_member_id,
    attendee_ids: [...f.attendee_ids].sort((a, b) => a - b),
    checkin_before_min: f.checkin_before_min,
    checkin_after_min: f.checkin_after_min,
  }
}

/** The form filled from a meeting detail (edit). */
export function formFromDetail(m: MeetingDetail): MeetingForm {
  return {
    org_id: m.org_id,
    type: m.type,
    title: m.title,
    starts_at: new Date(m.starts_at),
    ends_at: new Date(m.ends_at),
    place: m.place ?? '',
    online_url: m.online_url ?? '',
    agenda: m.agenda ?? '',
    host_member_id: m.host?.member_id ?? null,
    recorder_member_id: m.recorder?.member_id ?? null,
    attendee_ids: m.attendees.map((a) => a.member_id),
    checkin_before_min: m.checkin_before_min,
    checkin_after_min: m.checkin_after_min,
  }
}

/** Only the fields that changed, for PATCH (instants compared as instants). */
export function meetingPatch(before: MeetingInput, after: MeetingInput): Partial<MeetingInput> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(after) as (keyof MeetingInput)[]) {
    const a = before[k]
    const b = after[k]
    let same: boolean
    if (k === 'starts_at' || k === 'ends_at') same = Date.parse(String(a)) === Date.parse(String(b))
    else if (Array.isArray(a) || Array.isArray(b)) same = JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
    else same = (a ?? null) === (b ?? null)
    if (!same) out[k] = b
  }
  return out as Partial<MeetingInput>
}

/** An end time to suggest once a start is chosen: 90 minutes later. */
export function suggestEnd(start: Date, minutes = 90): Date {
  return new Date(start.getTime() + minutes * 60_000)
}

/** The parts of the title prefilled from the type and the start date. */
export function titleParts(typeName: string, start: Date | null): { type: string; y: number; m: number; d: number } | null {
  if (!start || !typeName) return null
  return { type: typeName, y: start.getFullYear(), m: start.getMonth() + 1, d: start.getDate() }
}

/** People whose name (or org, or post) contains the search text. */
export function filterPeople(people: readonly MeetingCandidate[], q: string): MeetingCandidate[] {
  const s = q.trim().toLowerCase()
  if (!s) return [...people]
  return people.filter((p) => p.name.toLowerCase().includes(s) || (p.org_name ?? '').toLowerCase().includes(s) || (p.post ?? '').toLowerCase().includes(s))
}

// ---- Check-in -------------------------------------------------------------------------------

/** Digits of a typed code: full-width digits become ASCII, spaces and dashes go. */
export function normalizeCode(s: string): string {
  return s.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).replace(/\D/g, '')
}

export function isCheckinCode(s: string): boolean {
  return /^\d{6}$/.test(s)
}

/** "123456" → "123 456" for the big screen. */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code
}

export type WindowState = 'before' | 'open' | 'closed'

export function windowState(w: { opens: string; closes: string; open?: boolean }, now: number): WindowState {
  if (w.open) return 'open'
  if (now < Date.parse(w.opens)) return 'before'
  if (now > Date.parse(w.closes)) return 'closed'
  return 'open'
}

/** 125 → "2:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${pad2(s % 60)}`
}

// ---- Attendance -----------------------------------------------------------------------------

export const ATTENDANCE_TAG: Record<Attendee['attendance'], 'success' | 'warning' | 'danger' | 'info'> = {
  present: 'success',
  leave: 'warning',
  absent: 'danger',
  pending: 'info',
}

export function attendanceCounts(attendees: readonly Attendee[]): Record<Attendee['attendance'], number> {
  const c = { present: 0, leave: 0, absent: 0, pending: 0 }
  for (const a of attendees) c[a.attendance] = (c[a.attendance] ?? 0) + 1
  return c
}

// ---- Compliance periods ---------------------------------------------------------------------

export interface Period {
  kind: PeriodKind
  year: number
  /** Month 1–12, quarter 1–4, 0 for a year. */
  index: number
}

/** "2026-11", "2026-Q4" (or q4), "2026". */
export function parsePeriodKey(key: string | null | undefined): Period | null {
  const s = (key ?? '').trim()
  let m = /^(\d{4})-(\d{2})$/.exec(s)
  if (m) {
    const month = Number(m[2])
    return month >= 1 && month <= 12 ? { kind: 'month', year: Number(m[1]), index: month } : null
  }
  m = /^(\d{4})-[Qq]([1-4])$/.exec(s)
  if (m) return { kind: 'quarter', year: Number(m[1]), index: Number(m[2]) }
  m = /^(\d{4})$/.exec(s)
  if (m) return { kind: 'year', year: Number(m[1]), index: 0 }
  return null
}

export function periodKey(p: Period): string {
  if (p.kind === 'month') return `${p.year}-${pad2(p.index)}`
  if (p.kind === 'quarter') return `${p.year}-Q${p.index}`
  return String(p.year)
}

/** The period of a kind that contains a date. */
export function periodContaining(kind: PeriodKind, d: Date): Period {
  const year = d.getFullYear()
  if (kind === 'month') return { kind, year, index: d.getMonth() + 1 }
  if (kind === 'quarter') return { kind, year, index: Math.floor(d.getMonth() / 3) + 1 }
  return { kind, year, index: 0 }
}

export function shiftPeriod(p: Period, delta: number): Period {
  if (p.kind === 'year') return { ...p, year: p.year + delta }
  const per = p.kind === 'month' ? 12 : 4
  const i = p.year * per + (p.index - 1) + delta
  return { kind: p.kind, year: Math.floor(i / per), index: (i % per) + 1 }
}

/** A period seen as another kind: the one containing its first day (month 2026-11 → 2026-Q4). */
export function convertPeriod(p: Period, kind: PeriodKind): Period {
  const firstMonth = p.kind === 'month' ? p.index : p.kind === 'quarter' ? (p.index - 1) * 3 + 1 : 1
  return periodContaining(kind, new Date(p.year, firstMonth - 1, 1))
}

/** An attendance rate (fraction 0–1) as a percentage with one decimal; "—" when unknown. */
export function formatRate(rate: number | null | undefined): string {
  if (rate == null || !Number.isFinite(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

// ---- Votes ----------------------------------------------------------------------------------

export const VOTE_OPTIONS_MIN = 2
export const VOTE_OPTIONS_MAX = 10

/** The general vote's option labels: 2–10, none empty, no two alike. An i18n key or null. */
export function voteOptionsProblem(labels: readonly string[]): string | null {
  const clean = labels.map((l) => l.trim())
  if (clean.some((l) => !l)) return 'vote.err.optionEmpty'
  if (clean.length < VOTE_OPTIONS_MIN || clean.length > VOTE_OPTIONS_MAX) return 'vote.err.optionCount'
  if (new Set(clean).size !== clean.length) return 'vote.err.optionDuplicate'
  return null
}

export function isAssemblyResult(r: Vote['result']): r is AssemblyVoteResult {
  return !!r && 'quorum_met' in r
}

export function isAssemblyKind(kind: string): boolean {
  return kind === 'admission' || kind === 'conversion'
}

export interface ResultRow {
  code: string
  label: string
  count: number
  /** Share of the votes cast, 0–100 (one decimal). */
  percent: number
}

/** The counts of a closed vote with each option's share of all counted votes. */
export function resultRows(r: GeneralVoteResult | AssemblyVoteResult): ResultRow[] {
  const total = r.counts.reduce((s, c) => s + c.count, 0)
  return r.counts.map((c) => ({ ...c, percent: total ? Math.round((c.count / total) * 1000) / 10 : 0 }))
}

/**
 * The facts of an admission/conversion result as i18n keys with values, in the order they are
 * read out: quorum, eligible, present, needed, yes/no/abstain, written, not voted, rule version.
 */
export function assemblyFacts(r: AssemblyVoteResult): { key: string; value: string | number }[] {
  return [
    { key: 'vote.fact.eligible', value: r.eligible },
    { key: 'vote.fact.present', value: r.present },
    { key: 'vote.fact.quorumNeeded', value: r.quorum_needed },
    { key: 'vote.fact.passNeeded', value: r.pass_needed },
    { key: 'vote.fact.yes', value: r.yes },
    { key: 'vote.fact.no', value: r.no },
    { key: 'vote.fact.abstain', value: r.abstain },
    { key: 'vote.fact.written', value: r.written },
    { key: 'vote.fact.notVoted', value: r.not_voted },
    { key: 'vote.fact.ruleVersion', value: r.rule_version },
  ]
}

/** The one-line verdict key of an assembly result. */
export function assemblyVerdict(r: AssemblyVoteResult): 'vote.verdict.noQuorum' | 'vote.verdict.passed' | 'vote.verdict.failed' {
  if (!r.quorum_met) return 'vote.verdict.noQuorum'
  return r.passed ? 'vote.verdict.passed' : 'vote.verdict.failed'
}

// ---- Democratic appraisal -------------------------------------------------------------------

export const GRADES: readonly Grade[] = ['excellent', 'qualified', 'basically_qualified', 'unqualified']

/** 优秀 normally at most one third of those appraised. */
export function excellentCap(subjects: number): number {
  return Math.floor(subjects / 3)
}

export function countGrade(grades: Record<string, Grade | '' | null | undefined>, g: Grade): number {
  return Object.values(grades).filter((x) => x === g).length
}

/** The subjects a rater still has to grade (everyone but the rater). */
export function ungraded(subjectIds: readonly number[], self: number | null, grades: Record<string, Grade | '' | null | undefined>): number[] {
  return subjectIds.filter((id) => id !== self && !grades[String(id)])
}

/** Only the filled grades, for the request body. */
export function filledGrades(grades: Record<string, Grade | '' | null | undefined>): Record<string, Grade> {
  const out: Record<string, Grade> = {}
  for (const [k, v] of Object.entries(grades)) if (v) out[k] = v
  return out
}

// ---- Minutes --------------------------------------------------------------------------------

/** One 批评与自我批评 entry per attendee, keeping what was written already. */
export function criticismRows(attendees: readonly Pick<Attendee, 'member_id' | 'name'>[], existing: readonly Criticism[]): Criticism[] {
  const by = new Map(existing.map((c) => [c.member_id, c]))
  const rows: Criticism[] = attendees.map((a) => {
    const c = by.get(a.member_id)
    return {
      member_id: a.member_id,
      name: a.name,
      self_criticism: c?.self_criticism ?? '',
      criticism: c?.criticism ?? '',
      rectification: c?.rectification ?? '',
    }
  })
  // Entries for people no longer invited are kept, not silently dropped.
  for (const c of existing) if (!attendees.some((a) => a.member_id === c.member_id)) rows.push({ ...c })
  return rows
}

/** Entries worth sending: someone wrote something. */
export function filledCriticisms(rows: readonly Criticism[]): Criticism[] {
  return rows
    .filter((r) => r.self_criticism.trim() || r.criticism.trim() || r.rectification.trim())
    .map((r) => ({
      member_id: r.member_id,
      self_criticism: r.self_criticism.trim(),
      criticism: r.criticism.trim(),
      rectification: r.rectification.trim(),
    }))
}

export function cleanDecisions(list: readonly string[]): string[] {
  return list.map((s) => s.trim()).filter(Boolean)
}

export const MAX_FILE_BYTES = 20 * 1024 * 1024
export const ACCEPTED_MIME = ['application/pdf', 'image/png', 'image/jpeg'] as const
export const ACCEPT_ATTR = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg'

/** The MIME type POST /files gets: the browser's, or guessed from the extension. */
export function mimeOf(name: string, type: string): string | null {
  if ((ACCEPTED_MIME as readonly string[]).includes(type)) return type
  const ext = name.toLowerCase().split('.').pop() ?? ''
  if (ext === 'pdf') return 'application/pdf'
  if (ext === 'png') return 'image/png'
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg'
  return null
}

/** Why a file cannot be attached (i18n key), or null. */
export function fileProblem(f: { name: string; type: string; size: number }): string | null {
  if (!mimeOf(f.name, f.type)) return 'minutes.err.fileType'
  if (f.size > MAX_FILE_BYTES) return 'minutes.err.fileSize'
  if (f.size === 0) return 'minutes.err.fileEmpty'
  return null
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** An amendment's before/after value as text. */
export function amendmentText(v: unknown): string {
  if (v == null) return ''
  if (typeof v === 'string') return v
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('；')
  return JSON.stringify(v)
}
