// --into-existing: rows go through the service's own rules one at a time, in age order, as /identify requests.
import type { IdentityService } from '../identity/services/identity-service.js'
import type { IdentifyOutcome } from '../identity/rules/reconcile.js'
import type { ImportRow } from './import-row.js'
import { recordProgress, type ImportJob, type ImportTarget } from './import-writer.js'

// Progress is saved this often: a rerun repeats at most this many rows, which write nothing the second time.
const SAVE_EVERY = 100

/** How many rows had each outcome (in this run: a resumed run counts only the rows it sent). */
export type AppliedRows = Partial<Record<IdentifyOutcome, number>>

/**
 * Sends each row's email and phone through `identity.identify`, oldest row first. Rows get new
 * ids (the source's may be taken). A rerun starts where the job stopped; a row sent twice writes
 * nothing the second time (rule 4), so nothing is doubled.
 */
export async function applyThroughService (target: ImportTarget, identity: IdentityService, rows: readonly ImportRow[], job: ImportJob,
  onProgress: (done: number) => void): Promise<AppliedRows> {
  const applied: AppliedRows = {}
  const origin = { requestId: `import:${job._id}`, actor: 'import' }
  for (let i = job.rowsApplied; i < rows.length; i++) {
    const { email, phoneNumber } = rows[i]!
    const { outcome } = await identity.identify({ email, phoneNumber }, origin)
    applied[outcome] = (applied[outcome] ?? 0) + 1
    if ((i + 1) % SAVE_EVERY === 0 || i + 1 === rows.length) {
      await recordProgress(target, job._id, { rowsApplied: i + 1 })
      onProgress(i + 1)
    }
  }
  return applied
}
