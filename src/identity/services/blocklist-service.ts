// The blocklist at run time: built-in rules plus the operators', refreshed from the store.
import { randomUUID } from 'node:crypto'
import safeRegex from 'safe-regex2'
import { ErrorCodes, IdentityError } from '../errors.js'
import type { EventOrigin } from '../model/events.js'
import { Blocklist, BUILT_IN_RULES, type BlockRule, type Field } from '../rules/guardrails.js'
import type { BlocklistStore, IdentityStore } from '../identity-store.js'
import { normalizeEmail, normalizePhoneNumber, type CountryCode } from '../rules/normalize.js'

const MAX_PATTERN_LENGTH = 200

export interface NewRule { field: Field, match: 'exact' | 'pattern', value: string }

export class BlocklistService {
  private current = new Blocklist(BUILT_IN_RULES)

  constructor (
    private readonly rulesStore: BlocklistStore,
    private readonly events: IdentityStore,
    private readonly phoneDefaultRegion: CountryCode | undefined
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
   * Adds a rule: an exact value (normalised like a request's) or a pattern, refused when it is
   * not a regular expression or could take catastrophic (exponential) time.
   * @throws IdentityError INVALID_PATTERN, INVALID_EMAIL, INVALID_PHONE_NUMBER, RULE_EXISTS
   */
  async add (rule: NewRule, origin: EventOrigin): Promise<BlockRule> {
    const value = rule.match === 'exact' ? this.normalize(rule.field, rule.value) : checkPattern(rule.value)
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

  private normalize (field: Field, value: string): string {
    const normalized = field === 'email' ? normalizeEmail(value) : normalizePhoneNumber(value, this.phoneDefaultRegion)
    if (normalized === null) throw new IdentityError(field === 'email' ? ErrorCodes.INVALID_EMAIL : ErrorCodes.INVALID_PHONE_NUMBER, `${field} must not be blank`)
    return normalized
  }
}

/** The pattern, when it is a regular expression whose matching time cannot explode. */
function checkPattern (pattern: string): string {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN, `a pattern must have 1 to ${MAX_PATTERN_LENGTH} characters`)
  }
  try {
    // eslint-disable-next-line no-new -- compiling is the check
    new RegExp(pattern, 'u')
  } catch (error) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN, `not a regular expression: ${(error as Error).message}`)
  }
  if (!safeRegex(pattern)) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN, 'the pattern could take catastrophic time on some values (a repetition inside a repetition); simplify it')
  }
  return pattern
}

function ruleRef (rule: BlockRule) {
  return { id: rule.id, field: rule.field, match: rule.match, value: rule.value }
}
