import { defineStore } from 'pinia'
import { ref } from 'vue'
import { Api } from '../api/endpoints'

/**
 * Whether the logged-in person has a development case of their own (the menu shows 我的入党进度
 * only then). Asked once per registry record; a new login of someone else asks again.
 */
export const useDevelopmentStore = defineStore('development', () => {
  const hasCase = ref(false)
  let askedFor: number | null = null

  async function check(memberId: number | null): Promise<void> {
    if (memberId == null) {
      hasCase.value = false
      askedFor = null
      return
    }
    if (askedFor === memberId) return
    askedFor = memberId
    try {
      hasCase.value = (await Api.development.mine()).cases.length > 0
    } catch {
      hasCase.value = false
      askedFor = null
    }
  }

  return { hasCase, check }
})
