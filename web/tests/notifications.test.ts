import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useNotificationStore } from '../src/stores/notifications'
import type { Notification } from '../src/api/types'

const note = (id: number, read = false): Notification => ({
  id,
  kind: 'grant',
  title: '您获得了新的角色',
  body: '',
  link: `/orgs/${id}`,
  created_at: '2026-11-24T08:00:00Z',
  read,
})

describe('notification store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('counts a pushed notification once, newest first', () => {
    const store = useNotificationStore()
    store.receive(note(1))
    store.receive(note(2))
    store.receive(note(2)) // the stream may replay after a reconnect with Last-Event-ID
    expect(store.unread).toBe(2)
    expect(store.items.map((n) => n.id)).toEqual([2, 1])
    expect(store.lastPushedId).toBe(2)
  })

  it('does not count a notification that arrives already read', () => {
    const store = useNotificationStore()
    store.receive(note(3, true))
    expect(store.unread).toBe(0)
    expect(store.items).toHaveLength(1)
  })

  it('reconciles the count with the server shortly after a push', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ unread: 7 }), { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const store = useNotificationStore()
    store.receive(note(4))
    expect(store.unread).toBe(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe('/api/v1/notifications/unread-count')
    expect(store.unread).toBe(7)
    vi.unstubAllGlobals()
  })
})
