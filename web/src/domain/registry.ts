// Pure rules of the registry pages: how filters become a list query, how fields are grouped on
// the detail page, which inputs each status event needs, which events fit a record's state.
// The server checks everything again; these rules only keep the forms short and obvious.
import type { FieldSpec, ImportRow, MemberRecord, Transfer } from '../api/types'

/** The list filters as the page holds them (empty = no condition). */
export interface MemberFilter {
  org_id: number | null
  categories: string[]
  status: string // current | all | a status code
  gender: string
  ethnicity: string
  education: string
  identity: string
  age_min: number | null
  age_max: number | null
  joined: [string, string] | null
  lost_contact: '' | '1' | '0'
  mobile: '' | '1' | '0'
  q: string
}

export const SORT_KEYS = ['name', 'birth_date', 'joined_on', 'full_on', 'created'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export function emptyFilter(): MemberFilter {
  return {
    org_id: null,
    categories: [],
    status: 'current',
    gender: '',
    ethnicity: '',
    education: '',
    identity: '',
    age_min: null,
    age_max: null,
    joined: null,
    lost_contact: '',
    mobile: '',
    q: '',
  }
}

/** The filter as query parameters of GET /members (also the `filters` of the export). */
export function filterQuery(f: MemberFilter): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  if (f.org_id != null) out.org_id = f.org_id
  if (f.categories.length) out.category = f.categories.join(',')
  if (f.status && f.status !== 'current') out.status = f.status
  for (const k of ['gender', 'ethnicity', 'education', 'identity', 'lost_contact', 'mobile'] as const) if (f[k]) out[k] = f[k]
  if (f.age_min != null) out.age_min = f.age_min
  if (f.age_max != null) out.age_max = f.age_max
  if (f.joined) {
    out.joined_from = f.joined[0]
    out.joined_to = f.joined[1]
  }
  const q = f.q.trim()
  if (q) out.q = q
  return out
}

/** How many conditions besides the quick search are set (shown on the phone's filter button). */
export function activeFilterCount(f: MemberFilter): number {
  const q = filterQuery({ ...f, q: '' })
  return Object.keys(q).filter((k) => k !== 'joined_to').length
}

/** Reads filters from a route query (links such as #/registry?org_id=12&category=full). */
export function filterFromQuery(query: Record<string, unknown>): MemberFilter {
  const f = emptyFilter()
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '')
  const num = (k: string) => (str(k) !== '' && !Number.isNaN(Number(str(k))) ? Number(str(k)) : null)
  f.org_id = num('org_id')
  f.categories = str('category') ? str('category').split(',').filter(Boolean) : []
  f.status = str('status') || 'current'
  f.gender = str('gender')
  f.ethnicity = str('ethnicity')
  f.education = str('education')
  f.identity = str('identity')
  f.age_min = num('age_min')
  f.age_max = num('age_max')
  if (str('joined_from') && str('joined_to')) f.joined = [str('joined_from'), str('joined_to')]
  const flag = (k: string) => (str(k) === '1' || str(k) === '0' ? (str(k) as '1' | '0') : '')
  f.lost_contact = flag('lost_contact')
  f.mobile = flag('mobile')
  f.q = str('q')
  return f
}

/** The groups of the detail page, by i18n key, with the fields each holds (server keys). */
export const FIELD_GROUPS: { key: string; fields: string[] }[] = [
  { key: 'basic', fields: ['name', 'gender', 'id_number', 'ethnicity', 'birth_date', 'education'] },
  {
    key: 'party',
    fields: ['category', 'org', 'joined_on', 'full_on', 'status', 'lost_contact', 'lost_since', 'lost_reason', 'mobile', 'mobile_destination'],
  },
  { key: 'school', fields: ['identity', 'student_no', 'department', 'class_name', 'graduation_on', 'job'] },
  { key: 'contact', fields: ['phone', 'address'] },
]

/** Fields grouped as on the detail page; a field the server adds later lands in the last group. */
export function groupFields(fields: FieldSpec[]): { key: string; fields: FieldSpec[] }[] {
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const placed = new Set<string>()
  const groups = FIELD_GROUPS.map((g) => ({
    key: g.key,
    fields: g.fields.flatMap((k) => {
      const f = byKey.get(k)
      if (!f) return []
      placed.add(k)
      return [f]
    }),
  }))
  const rest = fields.filter((f) => !placed.has(f.key))
  groups[groups.length - 1].fields.push(...rest)
  return groups.filter((g) => g.fields.length)
}

/** A record's value of a field as text for display (code names, 是/否 from the caller). */
export function displayValue(rec: MemberRecord, f: FieldSpec, yes: string, no: string): string {
  if (f.key === 'org') return rec.org_name
  const v = rec[f.key]
  if (f.type === 'flag') return v ? yes : no
  if (v == null || v === '') return ''
  if (f.type === 'code') {
    const name = rec[`${f.key}_name`]
    return typeof name === 'string' && name ? name : String(v)
  }
  return String(v)
}

/** A record's editable values as form text (codes as codes, flags "1"/"0"). */
export function formValues(rec: MemberRecord, fields: FieldSpec[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of fields) {
    if (!f.editable || f.type === 'org') continue
    const v = rec[f.key]
    if (f.type === 'flag') out[f.key] = v ? '1' : '0'
    else out[f.key] = v == null ? '' : String(v)
  }
  return out
}

/** Whether a form shows a field given the other values: 外出流向 only for a mobile member. */
export function shownInForm(key: string, values: Record<string, string>): boolean {
  if (key === 'mobile_destination') return values.mobile === '1' || !!values.mobile_destination
  return true
}

/** The fields whose form value differs from the original (what a PATCH or correction sends). */
export function changedValues(before: Record<string, string>, after: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(after)) if ((before[k] ?? '') !== v.trim()) out[k] = v.trim()
  return out
}

// Status events: the inputs beyond kind, date, 决定机关, 文号 and note that each kind needs.
export type EventExtra = 'reason' | 'term_months' | 'destination'
const EVENT_EXTRAS: Record<string, EventExtra[]> = {
  lost_contact: ['reason'],
  probation_watch: ['term_months'],
  mobile_out: ['destination'],
}
export function eventExtras(kind: string): EventExtra[] {
  return EVENT_EXTRAS[kind] ?? []
}

/** Events recorded by hand (transfers come from the transfer flow). */
export const MANUAL_EVENTS = [
  'lost_contact',
  'contact_restored',
  'suspension',
  'restoration',
  'withdrawal',
  'removal',
  'cancel_probation',
  'death',
  'warning',
  'serious_warning',
  'dismissal',
  'probation_watch',
  'expulsion',
  'mobile_out',
  'mobile_back',
] as const

const PARTY_MEMBER = new Set(['full', 'probationary'])

/**
 * The events that fit a record's current state (the same order as the server's rules in
 * members/events.cpp); e.g. 恢复联系 only for someone registered as lost.
 */
export function possibleEvents(rec: Pick<MemberRecord, 'category' | 'status' | 'lost_contact' | 'mobile'>): string[] {
  const member = PARTY_MEMBER.has(rec.category)
  const active = rec.status === 'active'
  const suspended = rec.status === 'suspended'
  return MANUAL_EVENTS.filter((k) => {
    switch (k) {
      case 'lost_contact':
        return active && !rec.lost_contact
      case 'contact_restored':
        return rec.lost_contact
      case 'suspension':
        return member && active && rec.lost_contact
      case 'restoration':
        return suspended
      case 'withdrawal':
      case 'removal':
      case 'expulsion':
        return member && (active || suspended)
      case 'cancel_probation':
        return rec.category === 'probationary' && active
      case 'death':
        return active || suspended
      case 'warning':
      case 'serious_warning':
      case 'dismissal':
      case 'probation_watch':
        return member && active
      case 'mobile_out':
        return active && !rec.mobile
      case 'mobile_back':
        return rec.mobile
    }
    return false
  })
}

/** Columns the export dialog starts with: what a branch usually hands in. */
export const DEFAULT_EXPORT_COLUMNS = [
  'name',
  'gender',
  'ethnicity',
  'birth_date',
  'education',
  'category',
  'org',
  'joined_on',
  'full_on',
  'student_no',
  'identity',
  'status',
]

/** Import preview rows shown under an action filter ('' = all). */
export function rowsWithAction(rows: ImportRow[], action: string): ImportRow[] {
  return action ? rows.filter((r) => r.action === action) : rows
}

/**
 * Whether an open transfer waits on someone who manages `orgIds` (待我处理): the sending side
 * approves (or registers the receipt of a letter), the receiving side confirms. GET /transfers
 * says neither whose turn it is nor what the caller may do, so the list guesses from the orgs;
 * the detail (GET /transfers/{id}) has the server's can_* answers.
 */
export function waitsOn(
  tr: Pick<Transfer, 'direction' | 'status' | 'from_org_id' | 'to_org_id'>,
  orgIds: ReadonlySet<number>,
): boolean {
  const from = tr.from_org_id != null && orgIds.has(tr.from_org_id)
  const to = tr.to_org_id != null && orgIds.has(tr.to_org_id)
  if (tr.status === 'requested') return tr.direction === 'incoming' ? to : from
  if (tr.status === 'approved') return tr.direction === 'internal' ? to : tr.direction === 'outgoing' && from
  return false
}
