import type { ImportFileInfo } from '../../../shared/schemas/imports'
import type { Result } from '../../../shared/result'
import { signIn } from './sign-in'

/** Inside the desktop app the main process shows its own open dialog; a browser uploads the file instead. */
export const picksFilesInMain = (): boolean => window.roster !== undefined

/**
 * Browser mode: streams a file chosen for import to Roster's local server (`POST /upload/import`),
 * signed in like every API call; the answer names the file by the id the imports.* methods take.
 */
export async function uploadImportFile(file: File): Promise<Result<ImportFileInfo>> {
  const credential = await signIn()
  if (!credential.ok) return { ok: false, error: { code: 'connection', message: credential.message } }
  try {
    const response = await fetch(`/upload/import?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${credential.session}` },
      body: file,
    })
    return (await response.json()) as Result<ImportFileInfo>
  } catch {
    return { ok: false, error: { code: 'connection', message: 'The file could not be sent to Roster’s server. Is it still running?' } }
  }
}
