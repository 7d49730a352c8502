// Files chosen in an <input type="file"> sent one by one to POST /files (PDF, PNG or JPEG, checked
// here first with a Chinese message), appended to a list of stored files; used by the meeting
// minutes' attachments and the development steps' materials.
import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { Api } from '../api/endpoints'
import { ApiError } from '../api/client'
import type { StoredFile } from '../api/types'
import { fileProblem, mimeOf } from '../domain/meetings'
import { showError } from '../utils/feedback'

export function useFileUploads(files: Ref<StoredFile[]>) {
  const { t } = useI18n()
  const uploading = ref(0)

  async function onFiles(e: Event) {
    const el = e.target as HTMLInputElement
    const chosen = [...(el.files ?? [])]
    el.value = ''
    for (const f of chosen) {
      const problem = fileProblem(f)
      if (problem) {
        showError(new ApiError(400, 'validation', t(problem, { name: f.name })))
        continue
      }
      uploading.value++
      try {
        const stored = await Api.files.upload(f, f.name, mimeOf(f.name, f.type) as string)
        files.value = [...files.value, stored]
      } catch (err) {
        showError(err)
      } finally {
        uploading.value--
      }
    }
  }

  function remove(id: number) {
    files.value = files.value.filter((f) => f.id !== id)
  }

  return { uploading, onFiles, remove }
}
