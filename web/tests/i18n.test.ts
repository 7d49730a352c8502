import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'
import { ORG_KINDS, COMMITTEE_POSTS } from '../src/domain/org'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : []
  })
}

const srcDir = join(__dirname, '..', 'src')

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('have no empty messages', () => {
    for (const cat of [zhCN, en]) {
      const flat = keys(cat)
      for (const k of flat) {
        const v = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], cat)
        expect(typeof v === 'string' && v.trim().length > 0, k).toBe(true)
      }
    }
  })

  it('name every org kind and committee post', () => {
    for (const k of ORG_KINDS) expect(zhCN.orgKind[k]).toBeTruthy()
    for (const p of COMMITTEE_POSTS) expect(zhCN.post[p]).toBeTruthy()
  })

  it('cover every key the code asks for with a literal t(...)', () => {
    const known = new Set(keys(zhCN))
    const used = new Set<string>()
    for (const f of [...files(srcDir, '.vue'), ...files(srcDir, '.ts')]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    }
    const missing = [...used].filter((k) => !known.has(k))
    expect(missing).toEqual([])
  })
})

describe('components', () => {
  it('contain no hard-coded Chinese text (all UI text comes from the catalogues)', () => {
    const offenders: string[] = []
    for (const f of [...files(srcDir, '.vue'), ...files(join(srcDir, 'views'), '.ts')]) {
      // comments may be in Chinese; strip them before looking
      const code = readFileSync(f, 'utf8')
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
      if (/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(code)) offenders.push(f.slice(srcDir.length + 1))
    }
    expect(offenders).toEqual([])
  })
})
