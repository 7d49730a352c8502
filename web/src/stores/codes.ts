import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { Api } from '../api/endpoints'
import type { Code, CodeTables, FieldSpec } from '../api/types'

/** The registry's field list and code tables (GET /members/codes), read once per session. */
export const useCodeStore = defineStore('codes', () => {
  const tables = ref<CodeTables | null>(null)
  let pending: Promise<CodeTables> | null = null

  const fields = computed<FieldSpec[]>(() => tables.value?.fields ?? [])
  const fieldByKey = computed(() => new Map(fields.value.map((f) => [f.key, f])))

  async function load(): Promise<CodeTables> {
    if (tables.value) return tables.value
    pending ??= Api.members.codes().finally(() => (pending = null))
    tables.value = await pending
    return tables.value
  }

  /** The choices of a code table by its name (category, status, …); empty before load(). */
  function table(name: Exclude<keyof CodeTables, 'fields'>): Code[] {
    return tables.value?.[name] ?? []
  }

  /** The name of a code, or the code itself when unknown. */
  function nameOf(name: Exclude<keyof CodeTables, 'fields'>, code: string | null | undefined): string {
    if (!code) return ''
    return table(name).find((c) => c.code === code)?.name ?? code
  }

  function label(key: string): string {
    return fieldByKey.value.get(key)?.label ?? key
  }

  return { tables, fields, fieldByKey, load, table, nameOf, label }
})
