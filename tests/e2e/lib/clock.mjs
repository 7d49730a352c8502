// The server's test clock (zhdj serve --test-clock): POST /api/v1/test/clock moves it forward by
// whole days (never back) and runs the due jobs. Sessions expire across such a jump: log in again.
import { BASE_URL } from './browser.mjs'
import { setClockOffset } from './state.mjs'

/** Moves the server's clock `days` forward (0: just reads it); answers the server's time in ms. */
export async function advanceClock(days) {
  const res = await fetch(`${BASE_URL}/api/v1/test/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ advance_days: days }),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`POST /test/clock → ${res.status} ${text}`)
  const now = Date.parse(JSON.parse(text).now)
  setClockOffset(now - Date.now())
  return now
}

/** The university's civil date (Asia/Shanghai) of an instant, YYYY-MM-DD. */
export function localDay(ms) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms))
}

/** Calendar-month arithmetic as the server's (03-10 + 1 month = 04-10; 01-31 + 1 month = the last day of February). */
export function addMonths(ymd, months) {
  const [y, m, d] = ymd.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** A civil date `days` later (earlier when negative). */
export function addDays(ymd, days) {
  const [y, m, d] = ymd.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
