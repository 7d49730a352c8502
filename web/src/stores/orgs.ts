import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { Api } from '../api/endpoints'
import type { Org } from '../api/types'
import { buildForest } from '../domain/org'

/** The orgs the caller may read (GET /orgs), shared by the tree, pickers and breadcrumbs. */
export const useOrgStore = defineStore('orgs', () => {
  const list = ref<Org[]>([])
  const loading = ref(false)
  const byId = computed(() => new Map(list.value.map((o) => [o.id, o])))
  const forest = computed(() => buildForest(list.value))

  async function load(): Promise<void> {
    loading.value = true
    try {
      list.value = (await Api.orgs.list()).items
    } finally {
      loading.value = false
    }
  }

  function reset(): void {
    list.value = []
  }

  return { list, loading, byId, forest, load, reset }
})
