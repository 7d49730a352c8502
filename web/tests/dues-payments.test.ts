import { describe, expect, it } from 'vitest'
import {
  BILL_STATUS_TAG,
  duesHomeOrg,
  SPECIAL_EXTRA_FEN,
  addMonths,
  advanceMonthsOf,
  amountToFen,
  backPaymentLimit,
  isMonthKey,
  isSpecialExtra,
  monthOfDate,
  monthRange,
  monthStatusKey,
  monthStatusTag,
  monthsNeedingOverride,
  monthsOfYear,
  outstandingOf,
  payableMonths,
  previewAllocation,
  quarterEndMonth,
  rateNumber,
  statementFormat,
} from '../src/domain/dues'

describe('amountToFen', () => {
  it('reads a payment in yuan as integer fen', () => {
    expect(amountToFen('48')).toEqual({ ok: true, fen: 4800 })
    expect(amountToFen('48.5')).toEqual({ ok: true, fen: 4850 })
    expect(amountToFen('0.20')).toEqual({ ok: true, fen: 20 })
    expect(amountToFen('1,200.00')).toEqual({ ok: true, fen: 120_000 })
    expect(amountToFen('￥48.00')).toEqual({ ok: true, fen: 4800 })
    expect(amountToFen('¥ 48')).toEqual({ ok: true, fen: 4800 })
    expect(amountToFen('４８元')).toEqual({ ok: true, fen: 4800 })
    expect(amountToFen('0.29')).toEqual({ ok: true, fen: 29 })
  })
  it('refuses nothing, zero and what a base refuses', () => {
    expect(amountToFen('')).toEqual({ ok: false, problem: 'required' })
    expect(amountToFen('0')).toEqual({ ok: false, problem: 'zero' })
    expect(amountToFen('0.00')).toEqual({ ok: false, problem: 'zero' })
    expect(amountToFen('-5')).toEqual({ ok: false, problem: 'negative' })
    expect(amountToFen('48.001')).toEqual({ ok: false, problem: 'decimals' })
    expect(amountToFen('4８.0.0')).toEqual({ ok: false, problem: 'format' })
    expect(amountToFen('1000000.01')).toEqual({ ok: false, problem: 'tooLarge' })
  })
})

describe('special donations', () => {
  it('marks a single extra payment of 1000 yuan or more', () => {
    expect(SPECIAL_EXTRA_FEN).toBe(100_000)
    expect(isSpecialExtra('extra', 100_000)).toBe(true)
    expect(isSpecialExtra('extra', 99_999)).toBe(false)
    expect(isSpecialExtra('dues', 500_000)).toBe(false)
    expect(isSpecialExtra('extra', null)).toBe(false)
  })
})

describe('months', () => {
  it('are YYYY-MM keys with arithmetic across years', () => {
    expect(isMonthKey('2026-11')).toBe(true)
    expect(isMonthKey('2026-13')).toBe(false)
    expect(isMonthKey('2026-1')).toBe(false)
    expect(addMonths('2026-11', 2)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2026-11', -6)).toBe('2026-05')
    expect(() => addMonths('11/2026', 1)).toThrow(RangeError)
    expect(monthOfDate(new Date(2026, 10, 24))).toBe('2026-11')
    expect(monthRange('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
    expect(monthRange('2026-11', '2026-10')).toEqual([])
    expect(monthsOfYear(2026)).toHaveLength(12)
    expect(monthsOfYear(2026)[0]).toBe('2026-01')
    expect(monthsOfYear(2026)[11]).toBe('2026-12')
  })
  it('end a quarter where paying in advance stops', () => {
    expect(quarterEndMonth('2026-10')).toBe('2026-12')
    expect(quarterEndMonth('2026-11')).toBe('2026-12')
    expect(quarterEndMonth('2026-12')).toBe('2026-12')
    expect(quarterEndMonth('2026-01')).toBe('2026-03')
    expect(quarterEndMonth('2026-06')).toBe('2026-06')
  })
  it('need an override reason when older than six months before the payment (P = 2026-11: 05 fine, 04 not)', () => {
    expect(backPaymentLimit('2026-11-24')).toBe('2026-05')
    expect(monthsNeedingOverride('2026-11-24', ['2026-04', '2026-05', '2026-11'])).toEqual(['2026-04'])
    expect(monthsNeedingOverride('2026-02-01', ['2025-08', '2025-07'])).toEqual(['2025-07'])
    expect(monthsNeedingOverride('', ['2020-01'])).toEqual([])
    expect(advanceMonthsOf('2026-11', ['2026-10', '2026-11', '2026-12'])).toEqual(['2026-12'])
  })
})

describe('payment allocation preview', () => {
  const bills = [
    { month: '2026-11', outstanding_fen: 4800 },
    { month: '2026-09', outstanding_fen: 4800 },
    { month: '2026-10', outstanding_fen: 1800 },
    { month: '2026-08', outstanding_fen: 0 },
  ]
  const payable = payableMonths(bills, '2026-11')

  it('offers owing months oldest first, then the rest of the quarter in advance', () => {
    expect(payable).toEqual([
      { month: '2026-09', outstanding_fen: 4800, advance: false },
      { month: '2026-10', outstanding_fen: 1800, advance: false },
      { month: '2026-11', outstanding_fen: 4800, advance: false },
      { month: '2026-12', outstanding_fen: null, advance: true },
    ])
    // The last month of a quarter has nothing ahead; a future month already paid is not offered.
    expect(payableMonths([], '2026-12')).toEqual([])
    expect(payableMonths([{ month: '2027-02', outstanding_fen: 0 }], '2027-01').map((p) => p.month)).toEqual(['2027-03'])
  })

  it('fills the oldest months first without a choice, the last one maybe partly', () => {
    expect(previewAllocation(4800 + 1800 + 1000, payable, [])).toEqual({
      parts: [
        { month: '2026-09', fen: 4800 },
        { month: '2026-10', fen: 1800 },
        { month: '2026-11', fen: 1000 },
      ],
      unknown: [],
      excess_fen: 0,
    })
  })

  it('follows the chosen months in their order and reports what they cannot take', () => {
    expect(previewAllocation(5000, payable, ['2026-11'])).toEqual({ parts: [{ month: '2026-11', fen: 4800 }], unknown: [], excess_fen: 200 })
    expect(previewAllocation(6600, payable, ['2026-10', '2026-09'])).toEqual({
      parts: [
        { month: '2026-10', fen: 1800 },
        { month: '2026-09', fen: 4800 },
      ],
      unknown: [],
      excess_fen: 0,
    })
    expect(previewAllocation(20_000, payable, []).excess_fen).toBe(20_000 - 11_400)
  })

  it('does not judge an excess when a month is not billed yet', () => {
    expect(previewAllocation(9600, payable, ['2026-11', '2026-12'])).toEqual({
      parts: [{ month: '2026-11', fen: 4800 }],
      unknown: ['2026-12'],
      excess_fen: 0,
    })
  })

  it('sums what is still owed', () => {
    expect(outstandingOf(bills)).toBe(11_400)
    expect(outstandingOf([])).toBe(0)
  })
})

describe('statuses', () => {
  it('tell a month still running from arrears', () => {
    expect(monthStatusKey('unpaid', false)).toBe('due')
    expect(monthStatusKey('unpaid', true)).toBe('unpaid')
    expect(monthStatusKey('paid', true)).toBe('paid')
    expect(monthStatusTag('unpaid', true)).toBe('danger')
    expect(monthStatusTag('unpaid', false)).toBe('warning')
    expect(monthStatusTag('not_billed', false)).toBe(BILL_STATUS_TAG.not_billed)
  })
  it('read the server’s collection rate for a chart', () => {
    expect(rateNumber('93.5%')).toBe(93.5)
    expect(rateNumber('100.0%')).toBe(100)
    expect(rateNumber('0.0%')).toBe(0)
    expect(rateNumber(null)).toBeNull()
    expect(rateNumber('—')).toBeNull()
  })
})

describe('statement files', () => {
  it('are told apart by their name', () => {
    expect(statementFormat('2026年11月党费.xlsx')).toBe('xlsx')
    expect(statementFormat('流水.CSV')).toBe('csv')
    expect(statementFormat('bank.txt')).toBe('csv')
    expect(statementFormat('old.xls')).toBeNull()
    expect(statementFormat('scan.pdf')).toBeNull()
  })
})

describe('duesHomeOrg', () => {
  it('opens on the top of the caller’s administrator grants', () => {
    const member = { org_id: 9, org_path: '/1/3/9/', admin_level: null }
    expect(duesHomeOrg([member, { org_id: 9, org_path: '/1/3/9/', admin_level: 3 }])).toBe(9)
    expect(duesHomeOrg([{ org_id: 9, org_path: '/1/3/9/', admin_level: 3 }, { org_id: 3, org_path: '/1/3/', admin_level: 2 }])).toBe(3)
    expect(duesHomeOrg([member])).toBeNull()
    expect(duesHomeOrg([{ org_id: 1, org_path: '/1/' }])).toBeNull()
  })
})
