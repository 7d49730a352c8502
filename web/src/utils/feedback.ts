// Toasts and confirm boxes. Imported per component with their CSS (see vite.config.ts).
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { ApiError } from '../api/client'
import { t } from '../i18n'

/** The text to show for a failure: the server's Chinese message when it sent one. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.message) return err.message
    if (err.code === 'network') return t('error.network')
    if (err.status === 401) return t('error.sessionExpired')
  }
  return t('error.generic')
}

export function showError(err: unknown): void {
  // A 401 is answered by sending the user to the login page; no toast on top of it.
  if (err instanceof ApiError && err.status === 401) return
  ElMessage({ type: 'error', message: errorText(err), grouping: true })
}

export function showSuccess(message: string): void {
  ElMessage({ type: 'success', message })
}

/** Resolves true when the user confirms. */
export async function confirmDanger(title: string, message: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText: t('common.ok'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
      customClass: 'zhdj-confirm',
    })
    return true
  } catch {
    return false
  }
}
