import { describe, expect, it } from 'vitest'
import { mapLimit } from '../src/utils/async'

describe('mapLimit', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0
    let most = 0
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++
      most = Math.max(most, running)
      for (let k = 0; k < n; k++) await Promise.resolve() // finish out of order
      running--
      return n * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
    expect(await mapLimit([], 3, async (n: number) => n)).toEqual([])
  })
})
