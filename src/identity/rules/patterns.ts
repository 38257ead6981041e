// Blocklist patterns on a linear-time engine (RE2's automata): no pattern can make matching explode.
import { RE2JS } from 're2js'
import { ErrorCodes, IdentityError } from '../errors.js'

/** Longest pattern an operator may write. */
export const MAX_PATTERN_LENGTH = 200
// RE2 matches in time proportional to the input's length times the compiled program's size; a
// short pattern can still compile big (`[\s\S]{1000}`), so the program is capped too.
const MAX_PROGRAM_SIZE = 2000

/** A compiled pattern: does it match anywhere in `value`? */
export type PatternTest = (value: string) => boolean

/**
 * Compiles an RE2 pattern (Go's `regexp` syntax: no backreferences, no lookaround) with re2js,
 * whose matching time is linear in the value's length whatever the pattern.
 * @throws IdentityError INVALID_PATTERN when it is empty, too long, not RE2 syntax or too big.
 */
export function compilePattern (pattern: string): PatternTest {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN, `a pattern must have 1 to ${MAX_PATTERN_LENGTH} characters`)
  }
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(pattern)
  } catch (error) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN,
      `not an RE2 regular expression (no backreferences or lookaround): ${(error as Error).message}`)
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    throw new IdentityError(ErrorCodes.INVALID_PATTERN, `the pattern compiles too big (${compiled.programSize()} steps, at most ${MAX_PROGRAM_SIZE}): use fewer or smaller counted repetitions`)
  }
  return value => compiled.test(value)
}
