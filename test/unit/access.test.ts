// Keys, scopes, the safe default and log masking as plain functions, without a server.
import { describe, expect, it } from 'vitest'
import { accessPolicy, isLoopback } from '../../src/access/access-policy.js'
import { hashKey, keyLine, mintKey, parseKeyLines } from '../../src/access/keys.js'
import { grants } from '../../src/access/scopes.js'
import { maskContactDetails } from '../../src/http/log-safety.js'

describe('a minted key', () => {
  it('is 32 random bytes, configured by its SHA-256 only, and parses back from its line', () => {
    const { key, entry } = mintKey('checkout', ['identify', 'read'])
    expect(key).toMatch(/^idk_[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32)
    expect(mintKey('checkout', ['identify']).key).not.toBe(key)
    const line = keyLine(entry)
    expect(line).toBe(`checkout identify,read sha256:${hashKey(key)}`)
    expect(line).not.toContain(key)
    expect(parseKeyLines(`${line}  # rotated in December\n\n`)).toEqual({ keys: [entry], problems: [] })
  })
})

describe('scopes', () => {
  it('grant their own routes; admin grants every route', () => {
    expect(grants(new Set(['read']), 'read')).toBe(true)
    expect(grants(new Set(['read']), 'feed')).toBe(false)
    expect(grants(new Set(['identify', 'read', 'feed']), 'admin')).toBe(false)
    for (const access of ['identify', 'read', 'feed', 'admin', 'any-key'] as const) expect(grants(new Set(['admin']), access)).toBe(true)
    expect(grants(new Set(['feed']), 'any-key')).toBe(true)
  })
})

describe('the safe default', () => {
  const key = mintKey('a', ['identify']).entry
  it('requires keys once one is configured; without, opens only on loopback or outside production', () => {
    expect(accessPolicy({ NODE_ENV: 'production', HOST: '0.0.0.0', AUTH: 'keys' }, [key])).toEqual({ keysRequired: true, warning: undefined })
    expect(accessPolicy({ NODE_ENV: 'production', HOST: '127.0.0.1', AUTH: 'keys' }, []).keysRequired).toBe(false)
    expect(accessPolicy({ NODE_ENV: 'development', HOST: '0.0.0.0', AUTH: 'keys' }, []).warning).toMatch(/no API key is configured/)
    expect(() => accessPolicy({ NODE_ENV: 'production', HOST: '10.0.0.5', AUTH: 'keys' }, [])).toThrow(/npm run key:new/)
    expect(accessPolicy({ NODE_ENV: 'production', HOST: '0.0.0.0', AUTH: 'off' }, [key])).toMatchObject({ keysRequired: false, warning: expect.stringMatching(/^AUTH=off/) })
  })

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com']) expect(isLoopback(host), host).toBe(false)
  })
})

describe('masking contact details in logged errors', () => {
  it.each([
    ['E11000 duplicate key error collection: identity.locks index: _id_ dup key: { _id: "email:doc@hillvalley.edu" }', 'dup key: { _id: "email:[email]" }'],
    ['dup key: { _id: "phone:919191" }', 'dup key: { _id: "phone:[phone]" }'],
    ['dup key: { phoneNumber: "919191" }', 'dup key: { phoneNumber: "[phone]" }'],
    ['no contact joins +14155550100 yet', 'no contact joins [phone] yet'],
    ['Marty.McFly+future@Hill-Valley.edu wrote', '[email] wrote']
  ])('%s', (text, expected) => {
    expect(maskContactDetails(text)).toContain(expected)
  })

  it('leaves ids, times and stack frames alone', () => {
    const text = 'contact 12 at 2026-12-02T10:00:00.000Z (/app/src/db/lock-documents.ts:38:13) retryAfterMs 599923'
    expect(maskContactDetails(text)).toBe(text)
  })
})
