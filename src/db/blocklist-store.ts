// The operators' blocklist rules in the `blocklist` collection.
import type { BlockRule } from '../identity/rules/guardrails.js'
import type { BlocklistStore } from '../identity/identity-store.js'
import { ErrorCodes, IdentityError } from '../identity/errors.js'
import type { Models } from './models.js'
import { isDuplicateKey, translateStoreError } from './store-errors.js'

export class MongoBlocklistStore implements BlocklistStore {
  constructor (private readonly models: Models) {}

  async rules (): Promise<BlockRule[]> {
    try {
      const rows = await this.models.BlockRule.find({}).sort({ createdAt: 1 }).lean()
      return rows.map(row => ({ id: row._id, field: row.field, match: row.match, value: row.value, builtIn: false, createdAt: row.createdAt, actor: row.actor ?? null }))
    } catch (error) {
      throw translateStoreError(error)
    }
  }

  async add (rule: BlockRule): Promise<void> {
    try {
      await this.models.BlockRule.create({ _id: rule.id, field: rule.field, match: rule.match, value: rule.value, createdAt: rule.createdAt ?? new Date(), actor: rule.actor })
    } catch (error) {
      if (isDuplicateKey(error)) throw new IdentityError(ErrorCodes.RULE_EXISTS, `a ${rule.match} rule for ${rule.field} "${rule.value}" exists already`)
      throw translateStoreError(error)
    }
  }

  async remove (id: string): Promise<boolean> {
    try {
      return (await this.models.BlockRule.deleteOne({ _id: id })).deletedCount > 0
    } catch (error) {
      throw translateStoreError(error)
    }
  }
}
