// Blocklist patterns: linear-time matching whatever the pattern, the same answers as RegExp on ordinary ones.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compilePattern } from '../../src/identity/rules/patterns.js'
import { Blocklist, BUILT_IN_RULES, type BlockRule } from '../../src/identity/rules/guardrails.js'

const rule = (value: string, field: BlockRule['field'] = 'email'): BlockRule =>
  ({ id: `rule-${value}`, field, match: 'pattern', value, builtIn: false, createdAt: null, actor: null })

describe('pathological patterns', () => {
  // Each takes exponential or high-polynomial time on a backtracking engine (RegExp) for the
  // identifier below: 34 word characters, then one that makes the match fail late.
  const pathological = [
    '^(\\w|\\w)*$', // exponential: two ways to match each character
    '.*.*.*x$', // cubic
    '^(a+)+$', // exponential: nested repetition
    '^(a|aa)*$', // exponential: overlapping alternatives
    '(.*a){12}!$' // degree 12: counted repetition of a greedy prefix
  ]
  const identifier = `${'a'.repeat(34)}@x.io!` // 40 characters, matched by none of them

  it('are accepted, and an identifier of 40 characters is screened in well under 50 ms', () => {
    expect(identifier).toHaveLength(40)
    const blocklist = new Blocklist([...BUILT_IN_RULES, ...pathological.map(p => rule(p))])
    expect(blocklist.unusable).toEqual([])
    blocklist.screen({ email: identifier, phoneNumber: '+14155550100' }) // warm up the JIT
    for (const pattern of pathological) {
      const single = new Blocklist([rule(pattern)])
      const started = performance.now()
      const { ignored } = single.screen({ email: identifier, phoneNumber: null })
      const elapsed = performance.now() - started
      expect(ignored, pattern).toEqual([])
      expect(elapsed, `${pattern}: ${elapsed.toFixed(2)} ms`).toBeLessThan(50)
    }
    const started = performance.now()
    blocklist.screen({ email: identifier, phoneNumber: '+14155550100' })
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('still match what they describe', () => {
    expect(compilePattern('^(a+)+$')('aaaa')).toBe(true)
    expect(compilePattern('^(\\w|\\w)*$')('abc_1')).toBe(true)
    expect(compilePattern('.*.*.*x$')('abcx')).toBe(true)
    expect(compilePattern('^(a|aa)*$')('aaaaa')).toBe(true)
    expect(compilePattern('(.*a){12}!$')(`${'a'.repeat(12)}!`)).toBe(true)
    expect(compilePattern('(.*a){12}!$')(`${'a'.repeat(11)}!`)).toBe(false)
  })
})

describe('patterns refused', () => {
  it.each([
    ['', /1 to 200/],
    ['[', /not an RE2/],
    ['(a)\\1', /not an RE2/], // backreference
    ['^(?=a)', /not an RE2/], // lookahead
    ['x'.repeat(201), /1 to 200/],
    ['[\\s\\S]{1000}[\\s\\S]{1000}x', /too big/]
  ])('%j', (pattern, message) => {
    expect(() => compilePattern(pattern)).toThrow(message)
  })

  it('a stored pattern the engine refuses is set aside, not applied', () => {
    const blocklist = new Blocklist([rule('(a)\\1'), rule('^bad@')])
    expect(blocklist.unusable.map(r => r.value)).toEqual(['(a)\\1'])
    expect(blocklist.match('email', 'aa@x.io')).toBeUndefined()
    expect(blocklist.match('email', 'bad@x.io')?.value).toBe('^bad@')
  })
})

describe('exact rules', () => {
  it('are found through a map: many cost no more than one', () => {
    const many = Array.from({ length: 50_000 }, (_, i): BlockRule => ({ ...rule(`user${i}@x.io`), id: `exact-${i}`, match: 'exact' }))
    const blocklist = new Blocklist(many)
    expect(blocklist.match('email', 'user49999@x.io')?.id).toBe('exact-49999')
    expect(blocklist.match('phoneNumber', 'user49999@x.io')).toBeUndefined()
    expect(blocklist.match('email', 'someone@x.io')).toBeUndefined()
  })

  it('win over patterns', () => {
    const blocklist = new Blocklist([rule('@x\\.io$'), { ...rule('a@x.io'), id: 'exact', match: 'exact' }])
    expect(blocklist.match('email', 'a@x.io')?.id).toBe('exact')
  })
})

describe('the built-in rules on RE2', () => {
  it.each([['0000'], ['+99999999'], ['1234567890'], ['+0123456789']])('block the phone %s', (phone) => {
    expect(new Blocklist(BUILT_IN_RULES).match('phoneNumber', phone)).toBeDefined()
  })
  it.each([['123456'], ['1112'], ['+14155550100'], ['111']])('let the phone %s through', (phone) => {
    expect(new Blocklist(BUILT_IN_RULES).match('phoneNumber', phone)).toBeUndefined()
  })
})

// Ordinary patterns: literals, classes, dot, anchors, groups, alternation, greedy and lazy quantifiers.
const literal = fc.constantFrom('a', 'b', 'c', '1', '@', '\\.', '-', 'é')
const quantifier = fc.constantFrom('', '', '*', '+', '?', '*?', '+?', '{2}', '{1,3}')
const { re: body } = fc.letrec<{ re: string, atom: string, piece: string }>(tie => ({
  atom: fc.oneof(
    { depthSize: 'xsmall' },
    literal,
    fc.constantFrom('.', '\\d', '\\w', '[ab]', '[^a@]', '[a-c1]'),
    tie('re').map(re => `(${re})`),
    tie('re').map(re => `(?:${re})`)
  ),
  piece: fc.tuple(tie('atom'), quantifier).map(([atom, q]) => atom + q),
  re: fc.array(fc.array(tie('piece'), { minLength: 1, maxLength: 3 }).map(pieces => pieces.join('')), { minLength: 1, maxLength: 2 })
    .map(alternatives => alternatives.join('|'))
}))
const pattern = fc.tuple(fc.boolean(), body, fc.boolean(), fc.boolean()).map(([start, re, end, boundary]) =>
  `${start ? '^' : ''}${boundary ? '\\b' : ''}${re}${end ? '$' : ''}`).filter(p => p.length <= 60)
const value = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '@', '.', '-', 'é', ' '), maxLength: 12 })

describe('the engine against RegExp', () => {
  it('agree on ordinary patterns', () => {
    fc.assert(fc.property(pattern, fc.array(value, { minLength: 1, maxLength: 8 }), (p, values) => {
      const ours = compilePattern(p)
      const theirs = new RegExp(p, 'u')
      for (const v of values) expect(ours(v), `${p} on ${JSON.stringify(v)}`).toBe(theirs.test(v))
    }), { numRuns: 500 })
  })
})
