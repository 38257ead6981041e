// The blocklist at run time: built-in rules plus the operators', refreshed from the store.
import { randomUUID } from 'node:crypto'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin } from '../model/events.js'
import { Blocklist, BUILT_IN_RULES, type BlockRule, type Field } from '../rules/guardrails.js'
import type { BlocklistStore, IdentityStore } from '../identity-store.js'
import { normalizeEmail, normalizePhoneNumber, type CountryCode } from '../rules/normalize.js'
import { compilePattern } from '../rules/patterns.js'

export interface NewRule { field: Field, match: 'exact' | 'pattern', value: string }

export class BlocklistService {
  private current = new Blocklist(BUILT_IN_RULES)

  constructor (
    private readonly rulesStore: BlocklistStore,
    private readonly events: IdentityStore,
    private readonly phoneDefaultRegion: CountryCode | undefined,
    /** Most pattern rules operators may add: every one runs on every identifier of every request. */
    private readonly patternLimit: number
  ) {}

  /** The rules in force in this instance. */
  blocklist (): Blocklist {
    return this.current
  }

  /** Reads the operators' rules again (every instance does so every few seconds). */
  async refresh (): Promise<void> {
    this.current = new Blocklist([...BUILT_IN_RULES, ...await this.rulesStore.rules()])
  }

  /**
   * Adds a rule: an exact value (normalised like a request's) or an RE2 pattern (matched in
   * linear time), refused when it does not compile or the patterns are at their limit.
   * @throws IdentityError INVALID_PATTERN, INVALID_EMAIL, INVALID_PHONE_NUMBER, RULE_EXISTS, PATTERN_LIMIT
   */
  async add (rule: NewRule, origin: EventOrigin): Promise<BlockRule> {
    const value = rule.match === 'exact' ? this.normalize(rule.field, rule.value) : await this.checkPattern(rule.value)
    const added: BlockRule = { id: `rule-${randomUUID()}`, field: rule.field, match: rule.match, value, builtIn: false, createdAt: new Date(), actor: origin.actor }
    await this.rulesStore.add(added)
    await this.events.recordEvent(origin, { type: 'identifier.blocked', rule: ruleRef(added), contactIds: [], cause: null })
    await this.refresh()
    return added
  }

  /** @throws IdentityError BUILT_IN_RULE, RULE_NOT_FOUND */
  async remove (id: string, origin: EventOrigin): Promise<void> {
    const builtIn = BUILT_IN_RULES.find(rule => rule.id === id)
    if (builtIn !== undefined) throw new IdentityError(ErrorCodes.BUILT_IN_RULE, `rule ${id} is built in and cannot be removed`)
    const rule = (await this.rulesStore.rules()).find(r => r.id === id)
    if (rule === undefined || !await this.rulesStore.remove(id)) throw new IdentityError(ErrorCodes.RULE_NOT_FOUND, `no blocklist rule with id ${id}`)
    await this.events.recordEvent(origin, { type: 'identifier.unblocked', rule: ruleRef(rule), contactIds: [], cause: null })
    await this.refresh()
  }

  /** The pattern, when it compiles and one more fits under the limit. */
  private async checkPattern (pattern: string): Promise<string> {
    compilePattern(pattern)
    const patterns = (await this.rulesStore.rules()).filter(r => r.match === 'pattern').length
    if (patterns >= this.patternLimit) {
      throw new IdentityError(ErrorCodes.PATTERN_LIMIT, `${patterns} pattern rules exist, the limit (BLOCKLIST_PATTERN_LIMIT) is ${this.patternLimit}: remove one, or block exact values instead`)
    }
    return pattern
  }

  private normalize (field: Field, value: string): string {
    const normalized = field === 'email' ? normalizeEmail(value) : normalizePhoneNumber(value, this.phoneDefaultRegion)
    if (normalized === null) throw new IdentityError(field === 'email' ? ErrorCodes.INVALID_EMAIL : ErrorCodes.INVALID_PHONE_NUMBER, `${field} must not be blank`)
    return normalized
  }
}

function ruleRef (rule: BlockRule) {
  return { id: rule.id, field: rule.field, match: rule.match, value: rule.value }
}
