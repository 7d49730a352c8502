import type { Download } from '../api/client'

/** Hands a downloaded file to the browser as a saved file (through a temporary object URL). */
export function saveDownload(d: Download, fallbackName: string): void {
  const url = URL.createObjectURL(d.blob)
  const a = document.createElement('a')
  a.href = url
  a.download = d.filename || fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

/** Today as YYYYMMDD, for file names. */
export function fileDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`
}
