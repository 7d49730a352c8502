import { onBeforeUnmount, ref } from 'vue'

export const NARROW_QUERY = '(max-width: 768px)'

/** True on phone-sized screens, kept up to date on resize and rotation. */
export function useNarrow() {
  const mq = window.matchMedia(NARROW_QUERY)
  const narrow = ref(mq.matches)
  const onChange = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  mq.addEventListener('change', onChange)
  onBeforeUnmount(() => mq.removeEventListener('change', onChange))
  return narrow
}
