import { defineStore } from 'pinia'
import { ref } from 'vue'
import { Api } from '../api/endpoints'
import type { Notification } from '../api/types'

const RECONNECT_MIN_MS = 1000
const RECONNECT_MAX_MS = 30000

/**
 * The bell: unread count and the latest notifications, kept live through Server-Sent Events.
 * EventSource reconnects by itself after a dropped connection and then sends Last-Event-ID; when
 * the server refuses the stream (e.g. the session ended) the browser gives up, and we open a new
 * one with back-off while logged in.
 */
export const useNotificationStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const unread = ref(0)
  const nextCursor = ref<string | null>(null)
  const connected = ref(false)
  const loaded = ref(false)
  /** Id of the last notification pushed by the stream (a grant may have changed capabilities). */
  const lastPushedId = ref<number | null>(null)

  let source: EventSource | null = null
  let wanted = false
  let retryMs = RECONNECT_MIN_MS
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let reconcileTimer: ReturnType<typeof setTimeout> | null = null

  async function refreshUnread(): Promise<void> {
    try {
      unread.value = (await Api.notifications.unreadCount()).unread
    } catch {
      /* the client already routes 401 to the login page */
    }
  }

  async function loadFirstPage(): Promise<void> {
    const page = await Api.notifications.list()
    items.value = page.items
    unread.value = page.unread
    nextCursor.value = page.next_cursor
    loaded.value = true
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return
    const page = await Api.notifications.list(nextCursor.value)
    const seen = new Set(items.value.map((n) => n.id))
    items.value.push(...page.items.filter((n) => !seen.has(n.id)))
    nextCursor.value = page.next_cursor
  }

  async function markRead(id: number): Promise<void> {
    await Api.notifications.markRead(id)
    const n = items.value.find((x) => x.id === id)
    if (n && !n.read) {
      n.read = true
      unread.value = Math.max(0, unread.value - 1)
    }
  }

  async function readAll(): Promise<void> {
    await Api.notifications.readAll()
    for (const n of items.value) n.read = true
    unread.value = 0
  }

  /** Adds a pushed notification; the count is reconciled with the server shortly after. */
  function receive(n: Notification): void {
    if (items.value.some((x) => x.id === n.id)) return
    items.value.unshift(n)
    if (!n.read) unread.value += 1
    lastPushedId.value = n.id
    if (reconcileTimer) clearTimeout(reconcileTimer)
    reconcileTimer = setTimeout(() => void refreshUnread(), 1500)
  }

  function open(): void {
    if (!wanted || source) return
    const es = new EventSource(Api.notifications.streamUrl, { withCredentials: true })
    source = es
    es.addEventListener('open', () => {
      connected.value = true
      retryMs = RECONNECT_MIN_MS
      void refreshUnread()
    })
    es.addEventListener('notification', (ev) => {
      try {
        receive(JSON.parse((ev as MessageEvent<string>).data) as Notification)
      } catch {
        /* ignore a malformed event */
      }
    })
    es.addEventListener('error', () => {
      connected.value = false
      if (es.readyState === EventSource.CLOSED) {
        source = null
        scheduleReconnect()
      }
      // Otherwise the browser is reconnecting by itself (CONNECTING) and will send Last-Event-ID.
    })
  }

  function scheduleReconnect(): void {
    if (!wanted || retryTimer) return
    retryTimer = setTimeout(() => {
      retryTimer = null
      void refreshUnread().then(open)
    }, retryMs)
    retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS)
  }

  function start(): void {
    wanted = true
    void refreshUnread()
    open()
  }

  function stop(): void {
    wanted = false
    source?.close()
    source = null
    connected.value = false
    if (retryTimer) clearTimeout(retryTimer)
    if (reconcileTimer) clearTimeout(reconcileTimer)
    retryTimer = reconcileTimer = null
    items.value = []
    unread.value = 0
    nextCursor.value = null
    loaded.value = false
  }

  return { items, unread, nextCursor, connected, loaded, lastPushedId, loadFirstPage, loadMore, markRead, readAll, receive, start, stop, refreshUnread }
})
