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
