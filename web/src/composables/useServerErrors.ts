import { reactive } from 'vue'
import { ApiError } from '../api/client'
import { showError } from '../utils/feedback'

/**
 * Puts a server error on the form field it names (`error.field`), or in a toast when it names
 * none of the form's fields. Bind `:error="fieldErrors.name"` on each el-form-item.
 */
export function useServerErrors(fields: readonly string[]) {
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(fields.map((f) => [f, ''])))

  function clear(): void {
    for (const f of fields) fieldErrors[f] = ''
  }

  function handle(err: unknown): void {
    clear()
    if (err instanceof ApiError && err.field && fields.includes(err.field) && err.message) {
      fieldErrors[err.field] = err.message
    } else {
      showError(err)
    }
  }

  return { fieldErrors, clear, handle }
}
