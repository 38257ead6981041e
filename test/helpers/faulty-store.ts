// A store whose contact writes call a test's hook after each step of a merge: crashes and stalls
// injected through the store, never through the service's wiring.
import type { Model } from 'mongoose'
import type { Config } from '../../src/config.js'
import type { Database } from '../../src/db/database-plugin.js'
import type { Models } from '../../src/db/models.js'
import { mongoIdentityStore, type RunningStore, type StoreHooks } from '../../src/identity-plugin.js'

/** The write steps of a merge, a split or an erasure, after which a hook may fail (a crash) or wait (a stall). */
export type WriteStep = 'demoted' | 'relinked' | 'split' | 'erased'
/** Called after each step; with `when: 'before'`, also just before the step's write is sent. */
export type StepHook = (step: WriteStep, when: 'before' | 'after') => void | Promise<void>

function stepOf (update: { $set?: Record<string, unknown> } | undefined): WriteStep | undefined {
  const change = update?.$set?.change
  return change === 'demoted' || change === 'relinked' || change === 'split' || change === 'erased' ? change : undefined
}

/** Wraps Contact.updateMany so that `hook()` runs after each demote, relink, part of a split and of an erasure. */
function withHook (contact: Models['Contact'], hook: () => StepHook | undefined): Models['Contact'] {
  return new Proxy(contact, {
    get (target, property, receiver) {
      if (property !== 'updateMany') return Reflect.get(target, property, receiver)
      return async (...args: Parameters<Model<unknown>['updateMany']>) => {
        const step = stepOf(args[1] as { $set?: Record<string, unknown> })
        // After the writer's own lease check: a pause here is a write in flight when the lease runs out.
        if (step !== undefined) await hook()?.(step, 'before')
        const result = await target.updateMany(...(args as Parameters<typeof target.updateMany>))
        if (step !== undefined) await hook()?.(step, 'after')
        return result
      }
    }
  })
}

/** A store factory for buildApp: the production store over models whose writes call `hook()`. */
export function faultyStore (hook: () => StepHook | undefined): (db: Database, config: Config, hooks?: StoreHooks) => RunningStore {
  return (db, config, hooks) => mongoIdentityStore({ ...db, models: { ...db.models, Contact: withHook(db.models.Contact, hook) } }, config, hooks)
}
