// The keyed hashes of erased identifiers, in the `suppressions` collection.
import type { SuppressionStore } from '../identity/identity-store.js'
import type { Models } from './models.js'
import { translateStoreError } from './store-errors.js'

export class MongoSuppressionStore implements SuppressionStore {
  constructor (private readonly models: Models) {}

  async suppressed (keys: readonly string[]): Promise<Set<string>> {
    try {
      // One lookup by _id each (at most two): FerretDB v1 answers `$in` with a table scan.
      const found = await Promise.all(keys.map(async _id => await this.models.Suppression.exists({ _id })))
      return new Set(keys.filter((_key, i) => found[i] !== null))
    } catch (error) {
      throw translateStoreError(error)
    }
  }

  async lift (key: string): Promise<boolean> {
    try {
      return (await this.models.Suppression.deleteOne({ _id: key })).deletedCount > 0
    } catch (error) {
      throw translateStoreError(error)
    }
  }
}
