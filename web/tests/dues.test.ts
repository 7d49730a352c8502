import { describe, expect, it } from 'vitest'
import { DUES_BRACKETS, DUES_KINDS, MAX_BASE_FEN, bracketIndex, fenToYuan, isFixedKind, yuanToFen } from '../src/domain/dues'

const fen = (s: string) => yuanToFen(s)
const ok = (n: number) => ({ ok: true, fen: n })
const bad = (problem: string) => ({ ok: false, problem })

describe('yuanToFen', () => {
  it('reads whole yuan and up to two decimals exactly', () => {
    expect(fen('0')).toEqual(ok(0))
    expect(fen('3000')).toEqual(ok(300_000))
    expect(fen('3000.01')).toEqual(ok(300_001))
    expect(fen('4800.5')).toEqual(ok(480_050))
    expect(fen('4800.50')).toEqual(ok(480_050))
    expect(fen('4800.')).toEqual(ok(480_000))
    expect(fen('0.5')).toEqual(ok(50))
    expect(fen('.5')).toEqual(ok(50))
    expect(fen('007')).toEqual(ok(700))
    // Values whose float product would be off by one: 0.29 * 100 = 28.999999999999996, 1.13 * 100 = 112.99999999999999
    expect(fen('0.29')).toEqual(ok(29))
    expect(fen('1.13')).toEqual(ok(113))
    expect(fen('4.35')).toEqual(ok(435))
  })

  it('forgives spaces around the number, a trailing 元 and full-width characters', () => {
    expect(fen('  4800  ')).toEqual(ok(480_000))
    expect(fen('4800元')).toEqual(ok(480_000))
    expect(fen('4800 元')).toEqual(ok(480_000))
    expect(fen('４８００')).toEqual(ok(480_000))
    expect(fen('４８００．５')).toEqual(ok(480_050))
  })

  it('accepts thousands separators only where they group by three', () => {
    expect(fen('1,000')).toEqual(ok(100_000))
    expect(fen('12,500.00')).toEqual(ok(1_250_000))
    expect(fen('1,000,000')).toEqual(ok(100_000_000))
    expect(fen('１，０００')).toEqual(ok(100_000))
    expect(fen('1,00')).toEqual(bad('format'))
    expect(fen('10,00.5')).toEqual(bad('format'))
    expect(fen('1000,000')).toEqual(bad('format'))
    expect(fen(',100')).toEqual(bad('format'))
  })

  it('refuses empty, negative, exponent, letters and inner spaces', () => {
    expect(fen('')).toEqual(bad('required'))
    expect(fen('   ')).toEqual(bad('required'))
    expect(fen('元')).toEqual(bad('required'))
    expect(fen('-1')).toEqual(bad('negative'))
    expect(fen('－1')).toEqual(bad('negative'))
    expect(fen('-0.5')).toEqual(bad('negative'))
    expect(fen('1e5')).toEqual(bad('format'))
    expect(fen('+5')).toEqual(bad('format'))
    expect(fen('abc')).toEqual(bad('format'))
    expect(fen('48OO')).toEqual(bad('format'))
    expect(fen('4 800')).toEqual(bad('format'))
    expect(fen('4800.50.1')).toEqual(bad('format'))
    expect(fen('.')).toEqual(bad('format'))
    expect(fen('0x10')).toEqual(bad('format'))
    expect(fen('Infinity')).toEqual(bad('format'))
  })

  it('refuses more than two decimals', () => {
    expect(fen('4800.555')).toEqual(bad('decimals'))
    expect(fen('3000.001')).toEqual(bad('decimals'))
    expect(fen('0.000')).toEqual(bad('decimals'))
  })

  it('stops at the server maximum of 1,000,000 yuan', () => {
    expect(fen('1000000')).toEqual(ok(MAX_BASE_FEN))
    expect(fen('1000000.00')).toEqual(ok(MAX_BASE_FEN))
    expect(fen('1000000.01')).toEqual(bad('tooLarge'))
    expect(fen('9999999')).toEqual(bad('tooLarge'))
    expect(fen('99999999999999999999999')).toEqual(bad('tooLarge'))
    expect(fen('0000000000001')).toEqual(ok(100))
  })
})

describe('fenToYuan', () => {
  it('writes two decimals', () => {
    expect(fenToYuan(4800)).toBe('48.00')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(20)).toBe('0.20')
    expect(fenToYuan(300_001)).toBe('3000.01')
    expect(fenToYuan(MAX_BASE_FEN)).toBe('1000000.00')
    expect(fenToYuan(-120)).toBe('-1.20')
  })
  it('refuses fractions of a fen', () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError)
  })
  it('round-trips with yuanToFen', () => {
    for (const n of [0, 1, 99, 100, 300_000, 300_001, 480_050, MAX_BASE_FEN]) expect(yuanToFen(fenToYuan(n))).toEqual(ok(n))
  })
})

describe('brackets', () => {
  it('knows which kinds pay a fixed amount', () => {
    expect(DUES_KINDS.filter(isFixedKind)).toEqual(['student', 'unemployed', 'relief', 'farmer'])
  })
  it('finds the row of a base, edges included in the lower bracket', () => {
    const rate = (k: (typeof DUES_KINDS)[number], f: number | null) => DUES_BRACKETS[bracketIndex(k, f)]?.rate
    expect(rate('in_service', 0)).toBe('0.5%')
    expect(rate('in_service', 300_000)).toBe('0.5%')
    expect(rate('in_service', 300_001)).toBe('1%')
    expect(rate('in_service', 500_000)).toBe('1%')
    expect(rate('in_service', 500_001)).toBe('1.5%')
    expect(rate('in_service', 1_000_000)).toBe('1.5%')
    expect(rate('in_service', 1_000_001)).toBe('2%')
    expect(rate('retired', 500_000)).toBe('0.5%')
    expect(rate('retired', 500_001)).toBe('1%')
    expect(bracketIndex('in_service', null)).toBe(-1)
    expect(DUES_BRACKETS[bracketIndex('student', null)].kind).toBe('fixed')
    expect(DUES_BRACKETS[bracketIndex('relief', 123)].kind).toBe('fixed')
    expect(DUES_BRACKETS[bracketIndex('farmer', null)].kind).toBe('farmer')
  })
})
