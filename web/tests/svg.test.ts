import { describe, expect, it } from 'vitest'
import { svgDataUrl } from '../src/utils/svg'

describe('svgDataUrl', () => {
  it('base64-encodes UTF-8 SVG for an <img src>', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>二维码</title></svg>'
    const url = svgDataUrl(svg)
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(url.split(',')[1], 'base64').toString('utf8')).toBe(svg)
  })
})
