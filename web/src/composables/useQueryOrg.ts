import { ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * The org a page is about, kept in the address (`?org_id=`) so a link or a reload opens the same
 * one; `fallback` is used when the address names none.
 */
export function useQueryOrg(fallback: () => number | null): Ref<number | null> {
  const route = useRoute()
  const router = useRouter()
  const fromQuery = () => (route.query.org_id ? Number(route.query.org_id) : null)
  const orgId = ref<number | null>(fromQuery() ?? fallback())
  watch(orgId, (id) => {
    if (id === fromQuery()) return
    const query = { ...route.query }
    if (id != null) query.org_id = String(id)
    else delete query.org_id
    void router.replace({ query })
  })
  watch(
    () => route.query.org_id,
    () => {
      const q = fromQuery()
      if (q != null && q !== orgId.value) orgId.value = q
    },
  )
  return orgId
}
