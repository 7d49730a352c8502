import { onBeforeUnmount, ref } from 'vue'

/** The current time in ms, refreshed every `everyMs` while the component lives. */
export function useNow(everyMs = 30_000) {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), everyMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
