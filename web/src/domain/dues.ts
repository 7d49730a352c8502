// Party dues (党费), the client's share of DOMAIN.md §6: reading a monthly base typed in yuan as
// integer fen (string arithmetic, never floating point), writing fen as yuan, and the table of
// brackets shown for reference. The amount itself is always the server's (POST /dues/quote).

export const DUES_KINDS = ['in_service', 'retired', 'student', 'unemployed', 'relief', 'farmer'] as const
export type DuesKind = (typeof DUES_KINDS)[number]

/** Kinds that pay a fixed amount: no monthly base is asked for. */
export function isFixedKind(kind: DuesKind): boolean {
  return kind !== 'in_service' && kind !== 'retired'
}

/** The largest monthly base the server accepts (1,000,000 yuan). */
export const MAX_BASE_FEN = 100_000_000

/** Why a typed base was refused; each is an i18n key under `dues.problem`. */
export type BaseProblem = 'required' | 'negative' | 'decimals' | 'format' | 'tooLarge'

export type BaseParse = { ok: true; fen: number } | { ok: false; problem: BaseProblem }

const YUAN_SUFFIX = '\u5143' // 元, which people may type after the number

/**
 * A monthly base typed in yuan → integer fen. Accepts "4800", "4800.5", "4800.50", "4800.",
 * "0.5", full-width digits and punctuation ("４８００"), a trailing 元, and thousands
 * separators only where they group by three ("12,500.00"). Refuses signs, exponents ("1e5"),
 * letters, spaces inside the number, more than two decimals and anything above the maximum.
 */
export function yuanToFen(input: string): BaseParse {
  // NFKC turns full-width digits, "．", "，" and "－" into their ASCII forms.
  let s = input.normalize('NFKC').trim()
  if (s.endsWith(YUAN_SUFFIX)) s = s.slice(0, -YUAN_SUFFIX.length).trim()
  if (!s) return { ok: false, problem: 'required' }
  if (/^-\s*[\d.]/.test(s)) return { ok: false, problem: 'negative' }
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return { ok: false, problem: 'format' }
    s = s.replace(/,/g, '')
  }
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return { ok: false, problem: 'format' }
  const whole = m[1].replace(/^0+/, '')
  const decimals = m[2] ?? ''
  if (decimals.length > 2) return { ok: false, problem: 'decimals' }
  // More than 7 digits of yuan is above 1,000,000 yuan whatever follows; shorter strings are
  // exact as numbers (far below 2^53), so this is integer arithmetic throughout.
  if (whole.length > 7) return { ok: false, problem: 'tooLarge' }
  const fen = Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'))
  if (fen > MAX_BASE_FEN) return { ok: false, problem: 'tooLarge' }
  return { ok: true, fen }
}

/** Integer fen → yuan with two decimals: 4800 → "48.00", 5 → "0.05", -120 → "-1.20". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const a = Math.abs(fen)
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

/** One row of the reference table (DOMAIN.md §6). Bounds in fen; null means open. */
export interface DuesBracket {
  kind: DuesKind | 'fixed'
  /** The base is above this (exclusive). */
  aboveFen: number | null
  /** The base is at most this (inclusive). */
  upToFen: number | null
  /** "0.5%", or null for a fixed amount. */
  rate: string | null
}

export const DUES_BRACKETS: readonly DuesBracket[] = [
  { kind: 'in_service', aboveFen: null, upToFen: 300_000, rate: '0.5%' },
  { kind: 'in_service', aboveFen: 300_000, upToFen: 500_000, rate: '1%' },
  { kind: 'in_service', aboveFen: 500_000, upToFen: 1_000_000, rate: '1.5%' },
  { kind: 'in_service', aboveFen: 1_000_000, upToFen: null, rate: '2%' },
  { kind: 'retired', aboveFen: null, upToFen: 500_000, rate: '0.5%' },
  { kind: 'retired', aboveFen: 500_000, upToFen: null, rate: '1%' },
  { kind: 'fixed', aboveFen: null, upToFen: null, rate: null },
  { kind: 'farmer', aboveFen: null, upToFen: null, rate: null },
]

/** The index in DUES_BRACKETS of the row a quote falls in (to highlight it), or -1. */
export function bracketIndex(kind: DuesKind, baseFen: number | null): number {
  if (kind === 'farmer') return DUES_BRACKETS.findIndex((b) => b.kind === 'farmer')
  if (isFixedKind(kind)) return DUES_BRACKETS.findIndex((b) => b.kind === 'fixed')
  if (baseFen == null) return -1
  return DUES_BRACKETS.findIndex(
    (b) => b.kind === kind && (b.aboveFen == null || baseFen > b.aboveFen) && (b.upToFen == null || baseFen <= b.upToFen),
  )
}

// ---- Payments, bills and statements (docs/api.md "Party dues") --------------------------------
// Amounts the server computes are shown as it sends them (`*_yuan`); the helpers below read what
// people type, preview what the server will do with it, and name statuses. No I/O, no Vue.

/** Why a typed payment amount was refused; i18n keys under `duesPay.amountProblem`. */
export type AmountProblem = BaseProblem | 'zero'

export type AmountParse = { ok: true; fen: number } | { ok: false; problem: AmountProblem }

/**
 * A payment amount typed in yuan → integer fen, as yuanToFen reads a base (a leading ￥ or ¥ is
 * forgiven too), refusing 0: the server takes 1 fen … 1,000,000 yuan.
 */
export function amountToFen(input: string): AmountParse {
  const s = input.normalize('NFKC').trim().replace(/^[¥￥]\s*/, '')
  const r = yuanToFen(s)
  if (r.ok && r.fen === 0) return { ok: false, problem: 'zero' }
  return r
}

/** A single voluntary extra payment of this much or more is a special donation (大额/特殊党费). */
export const SPECIAL_EXTRA_FEN = 100_000

export function isSpecialExtra(kind: 'dues' | 'extra', fen: number | null): boolean {
  return kind === 'extra' && fen != null && fen >= SPECIAL_EXTRA_FEN
}

/** Back-payment (补缴) reaches at most this many months before the month of payment. */
export const BACK_PAYMENT_MONTHS = 6

/** Six consecutive unpaid months make a 自行脱党 case for the branch to decide. */
export const LAPSE_RUN_MONTHS = 6

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonthKey(s: string | null | undefined): s is string {
  return MONTH_RE.test(s ?? '')
}

/** "YYYY-MM" of a local date. */
export function monthOfDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** The month `n` months after `key` (before when negative). */
export function addMonths(key: string, n: number): string {
  const m = MONTH_RE.exec(key)
  if (!m) throw new RangeError(`not a month: ${key}`)
  const i = Number(m[1]) * 12 + Number(m[2]) - 1 + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** Months from `from` to `to`, both included (empty when `to` is earlier). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m)
  return out
}

/** The twelve months of a year. */
export function monthsOfYear(year: number): string[] {
  return monthRange(`${year}-01`, `${year}-12`)
}

/** The last month of the quarter holding `key`: how far paying in advance (预缴) may go. */
export function quarterEndMonth(key: string): string {
  const m = Number(key.slice(5, 7))
  return `${key.slice(0, 4)}-${String(Math.ceil(m / 3) * 3).padStart(2, '0')}`
}

/** The earliest month a payment made on `paidOn` (YYYY-MM-DD) may pay without an override reason. */
export function backPaymentLimit(paidOn: string): string {
  return addMonths(paidOn.slice(0, 7), -BACK_PAYMENT_MONTHS)
}

/** The chosen months that are older than the back-payment limit (they need an override reason). */
export function monthsNeedingOverride(paidOn: string, months: readonly string[]): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn)) return []
  const limit = backPaymentLimit(paidOn)
  return months.filter((m) => m < limit)
}

/** The chosen months later than the current one: paying them is paying in advance. */
export function advanceMonthsOf(current: string, months: readonly string[]): string[] {
  return months.filter((m) => m > current)
}

/** A month a payment may be allocated to, as the payment form offers it. */
export interface PayableMonth {
  month: string
  /** What the bill still owes; null for a month not billed yet (billed when paid in advance). */
  outstanding_fen: number | null
  advance: boolean
}

/**
 * The months a payment form offers: every bill still owing (oldest first), then the months after
 * the current one up to the end of its quarter (paying in advance) that are not fully paid.
 */
export function payableMonths(
  bills: readonly { month: string; outstanding_fen: number }[],
  current: string,
): PayableMonth[] {
  const byMonth = new Map(bills.map((b) => [b.month, b.outstanding_fen]))
  const owing: PayableMonth[] = bills
    .filter((b) => b.outstanding_fen > 0 && b.month <= current)
    .map((b) => ({ month: b.month, outstanding_fen: b.outstanding_fen, advance: false }))
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
  const ahead: PayableMonth[] = monthRange(addMonths(current, 1), quarterEndMonth(current))
    .filter((m) => byMonth.get(m) !== 0)
    .map((m) => ({ month: m, outstanding_fen: byMonth.get(m) ?? null, advance: true }))
  return [...owing, ...ahead]
}

export interface AllocationPreview {
  /** Where the amount goes, in order. */
  parts: { month: string; fen: number }[]
  /** Months chosen whose amount is not known here (not billed yet): the server bills them first. */
  unknown: string[]
  /** What the known months cannot take (above 0: the server refuses the amount). */
  excess_fen: number
}

/**
 * How a dues payment will be split (docs/api.md Payments → Allocation): to the chosen months in
 * their order, otherwise to the oldest owing months first; each month takes at most what it
 * still owes. Months of unknown amount stop the preview from judging an excess.
 */
export function previewAllocation(
  amountFen: number,
  payable: readonly PayableMonth[],
  chosen: readonly string[],
): AllocationPreview {
  const byMonth = new Map(payable.map((p) => [p.month, p]))
  const order = chosen.length ? chosen.map((m) => byMonth.get(m) ?? { month: m, outstanding_fen: null, advance: false }) : payable.filter((p) => !p.advance)
  let left = amountFen
  const parts: { month: string; fen: number }[] = []
  const unknown: string[] = []
  for (const p of order) {
    if (p.outstanding_fen == null) {
      unknown.push(p.month)
      continue
    }
    if (left <= 0) break
    const fen = Math.min(left, p.outstanding_fen)
    if (fen > 0) parts.push({ month: p.month, fen })
    left -= fen
  }
  return { parts, unknown, excess_fen: unknown.length ? 0 : Math.max(left, 0) }
}

/** The sum of what bills still owe. */
export function outstandingOf(bills: readonly { outstanding_fen: number }[]): number {
  return bills.reduce((s, b) => s + b.outstanding_fen, 0)
}

// ---- Statuses: Element Plus tag types (names come from the server or the catalogues) ---------

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export const BILL_STATUS_TAG: Record<'paid' | 'partial' | 'unpaid' | 'exempt' | 'not_billed', TagType> = {
  paid: 'success',
  partial: 'warning',
  unpaid: 'danger',
  exempt: 'info',
  not_billed: 'info',
}

/** A month's status as the member's statement shows it: an unpaid month that has not ended is "待缴", not arrears. */
export function monthStatusKey(status: keyof typeof BILL_STATUS_TAG, ended: boolean): string {
  return status === 'unpaid' && !ended ? 'due' : status
}

export function monthStatusTag(status: keyof typeof BILL_STATUS_TAG, ended: boolean): TagType {
  return status === 'unpaid' && !ended ? 'warning' : BILL_STATUS_TAG[status]
}

export const RELIEF_STATUS_TAG: Record<'branch_review' | 'approval_review' | 'approved' | 'rejected', TagType> = {
  branch_review: 'warning',
  approval_review: 'primary',
  approved: 'success',
  rejected: 'danger',
}

export const BASE_STATUS_TAG: Record<'pending' | 'approved' | 'rejected', TagType> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
}

export const UNMATCHED_STATUS_TAG: Record<'open' | 'assigned' | 'dismissed', TagType> = {
  open: 'warning',
  assigned: 'success',
  dismissed: 'info',
}

/** A collection rate as the server writes it ("93.5%") → 93.5 for a chart; null when there is none. */
export function rateNumber(text: string | null | undefined): number | null {
  const m = /^(\d{1,3}(?:\.\d+)?)%$/.exec((text ?? '').trim())
  return m ? Number(m[1]) : null
}

// ---- Finance-office statements -----------------------------------------------------------------

/** The statement format by its file name (.xlsx, or .csv / .txt as exported by banks); null otherwise. */
export function statementFormat(fileName: string): 'xlsx' | 'csv' | null {
  const n = fileName.trim().toLowerCase()
  if (n.endsWith('.xlsx')) return 'xlsx'
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv'
  return null
}

/**
 * The org the dues administration pages open on: the top of the caller's administrator grants
 * (the branch for a branch secretary, the college for its administrator); null without one.
 */
export function duesHomeOrg(grants: readonly { org_id: number; org_path: string; admin_level?: number | null }[]): number | null {
  const admin = grants.filter((g) => g.admin_level != null).sort((a, b) => a.org_path.length - b.org_path.length)
  return admin[0]?.org_id ?? null
}
