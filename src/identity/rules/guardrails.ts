// Guardrails before the rules: blocked identifiers count as not given; runaway merges are held.
import type { Cluster } from '../model/clusters.js'
import type { ContactKeys } from '../model/contact.js'
import type { HoldReason } from '../model/events.js'
import { compilePattern, type PatternTest } from './patterns.js'
import type { IdentifyPlan } from './reconcile.js'

export type Field = 'email' | 'phoneNumber'

/** One blocklist rule: an exact (normalised) value, or an RE2 pattern tested against the normalised value. */
export interface BlockRule {
  id: string
  field: Field
  match: 'exact' | 'pattern'
  value: string
  /** Built-in rules are part of the service and cannot be removed. */
  builtIn: boolean
  createdAt: Date | null
  actor: string | null
}

/** An identifier a request brought that a blocklist rule kept out. */
export interface Blocked { field: Field, value: string, reason: 'blocked', ruleId: string }

/** An identifier a request brought that was treated as not given: blocked (by a rule), or erased (suppressed). */
export type Ignored = Blocked | { field: Field, value: string, reason: 'erased' }

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
const PLACEHOLDER_LOCAL_PARTS = ['null', 'none', 'na', 'noemail', 'noreply', 'no-reply', 'unknown', 'anonymous', 'undefined', 'test']

/**
 * The known junk, blocked everywhere: placeholder emails, phones of one repeated digit (four or
 * more) and the keyboard runs. Not short test numbers like 123456.
 */
export const BUILT_IN_RULES: readonly BlockRule[] = [
  { id: 'builtin-placeholder-email', field: 'email', match: 'pattern', value: `^(${PLACEHOLDER_LOCAL_PARTS.join('|')})@`, builtIn: true, createdAt: null, actor: null },
  // RE2 has no backreferences, so "one digit repeated" is spelled out digit by digit.
  { id: 'builtin-repeated-digit-phone', field: 'phoneNumber', match: 'pattern', value: `^\\+?(${DIGITS.map(d => `${d}{4,}`).join('|')})$`, builtIn: true, createdAt: null, actor: null },
  { id: 'builtin-keyboard-run-phone', field: 'phoneNumber', match: 'pattern', value: '^\\+?(1234567890|0123456789)$', builtIn: true, createdAt: null, actor: null }
]

/**
 * The rules in force, compiled once per refresh. Exact values are looked up in a map, so their
 * number costs nothing per request; patterns (capped in number when added) run on RE2's
 * linear-time engine.
 */
export class Blocklist {
  private readonly exact = { email: new Map<string, BlockRule>(), phoneNumber: new Map<string, BlockRule>() }
  private readonly patterns: Array<{ rule: BlockRule, test: PatternTest }> = []
  /** Stored patterns the engine refuses (saved before it was RE2, e.g. with a backreference): not applied. */
  readonly unusable: BlockRule[] = []

  constructor (readonly rules: readonly BlockRule[]) {
    for (const rule of rules) {
      if (rule.match === 'exact') {
        if (!this.exact[rule.field].has(rule.value)) this.exact[rule.field].set(rule.value, rule)
        continue
      }
      try {
        this.patterns.push({ rule, test: compilePattern(rule.value) })
      } catch {
        this.unusable.push(rule)
      }
    }
  }

  /** A rule that blocks `value` of `field`, if any: an exact one first. */
  match (field: Field, value: string): BlockRule | undefined {
    return this.exact[field].get(value) ?? this.patterns.find(p => p.rule.field === field && p.test(value))?.rule
  }

  /** The request's keys with blocked values taken out, and what was taken out. */
  screen (keys: ContactKeys): { keys: ContactKeys, ignored: Blocked[] } {
    const ignored: Blocked[] = []
    const screened = { ...keys }
    for (const field of ['email', 'phoneNumber'] as const) {
      const value = keys[field]
      const rule = value === null ? undefined : this.match(field, value)
      if (value === null || rule === undefined) continue
      ignored.push({ field, value, reason: 'blocked', ruleId: rule.id })
      screened[field] = null
    }
    return { keys: screened, ignored }
  }
}

export interface HoldLimits {
  /** Largest identity a request may make on its own. */
  identitySize: number
  /** An identifier already carried by more contacts than this joins nothing more on its own. */
  genericIdentifier: number
}

/**
 * Why a plan must wait for an operator, or undefined when it may go ahead: it would make an
 * identity larger than the limit, or it joins through an identifier that has already joined more
 * identities than the limit (each contact that carries it beyond the first was joined through it).
 * Only plans that join something are held: a lookup or a repair never is.
 */
export function holdReason (plan: IdentifyPlan, keys: ContactKeys, clusters: readonly Cluster[], limits: HoldLimits): HoldReason | undefined {
  const joins = plan.demote.length > 0 || (plan.primary !== null && plan.create !== null)
  if (!joins) return undefined
  const contacts = clusters.flatMap(c => c.contacts)
  if (contacts.length + (plan.create === null ? 0 : 1) > limits.identitySize) return 'identity-size'
  for (const field of ['email', 'phoneNumber'] as const) {
    const value = keys[field]
    if (value === null) continue
    const carriers = contacts.filter(c => c[field] === value).length
    if (carriers - 1 > limits.genericIdentifier) return 'generic-identifier'
  }
  return undefined
}
