// Creates the collections and indexes the service needs; idempotent, safe on every deploy.
import type { Models } from './models.js'

/** Creates what is missing and leaves the rest alone; returns the collections it checked. */
export async function migrate (models: Models): Promise<string[]> {
  const checked: string[] = []
  for (const model of [models.Contact, models.Event, models.Lock, models.Lease, models.Hold, models.PendingEvent, models.Counter, models.BlockRule, models.Suppression, models.IdentifierClaim]) {
    // Transactions cannot always create collections implicitly, so create them up front.
    await model.createCollection()
    await model.createIndexes()
    checked.push(model.collection.collectionName)
  }
  return checked
}
