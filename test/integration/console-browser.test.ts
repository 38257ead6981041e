// The operator console in a real browser (Chromium via playwright-core) against the real app: sign in, find, explain, approve, undo, erase.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/app.js'
import { CHROMIUM_REQUIRED, chromiumMissing, launchBrowser, screenshotFolder, type Browser } from '../helpers/browser.js'
import { buildTestApp, identify } from '../helpers/test-app.js'

const TOKEN = 'console-browser-test-token'
// Generous: a busy 2-core machine; every wait is for a state of the page, never a fixed sleep.
const STEP = { timeout: 120_000 }
const UI = { timeout: 30_000 }

// Without Chromium, skipped with one line that says how to run it, unless it is required here:
// then beforeAll's launchBrowser fails the run with the same reason.
const missing = CHROMIUM_REQUIRED ? undefined : chromiumMissing()
if (missing !== undefined) console.log(`[console] browser test skipped: ${missing} (CI=true or REQUIRE_CHROMIUM=true make this a failure)`)

let app: App
let browser: Browser
let page: Page
let base: string
let shots: string

/** A screenshot of the whole page, or of what is on screen (with a dialog open: its backdrop covers only the screen). */
async function shoot (name: string, fullPage = true) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage })
}

async function contactsOf (contactId: number): Promise<number> {
  const identity = (await app.inject({ url: `/contacts/${contactId}` })).json<{ secondaryContactIds: number[] }>()
  return 1 + identity.secondaryContactIds.length
}

beforeAll(async () => {
  // Merges up to 3 contacts happen; a larger one is held for an operator.
  app = await buildTestApp({ env: { ADMIN_TOKEN: TOKEN, IDENTITY_SIZE_LIMIT: '3', ERASURE_SECRET: 'console-browser-test-erasure-secret-0123' } })
  await identify(app, { email: 'lorraine@hillvalley.edu', phoneNumber: '123456' }) // #1
  await identify(app, { email: 'mcfly@hillvalley.edu', phoneNumber: '123456' }) // #2, by the phone
  await identify(app, { email: 'george@hillvalley.edu', phoneNumber: '717171' }) // #3
  await identify(app, { email: 'mcfly@hillvalley.edu', phoneNumber: '717171' }) // joins #1 and #3: a request link
  await identify(app, { email: 'biff@hillvalley.edu', phoneNumber: '404040' }) // #4
  await identify(app, { email: 'doc@hillvalley.edu', phoneNumber: '555555' }) // #5, the person erased: apart from the others
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  base = `http://127.0.0.1:${address.port}`
  shots = await screenshotFolder()
  browser = await launchBrowser()
  page = browser.page
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe.skipIf(missing !== undefined)('the operator console in Chromium', () => {
  it('refuses a wrong token', STEP, async () => {
    await page.goto(`${base}/console`)
    await page.getByLabel('Admin key').fill('not-the-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'refused this key' }).waitFor(UI)
    expect(await page.locator('#console').isHidden()).toBe(true)
    expect(await page.evaluate('sessionStorage.length')).toBe(0)
    await shoot('1-wrong-token-refused')
  })

  it('signs in and finds an identity by email, with its graph, contacts oldest first and history', STEP, async () => {
    await page.goto(`${base}/console`)
    await page.getByLabel('Admin key').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('#console').waitFor({ state: 'visible', ...UI })
    // Signed in as the key's name: ADMIN_TOKEN is the key named admin.
    expect(await page.locator('#whoami').innerText()).toBe('Signed in as admin')
    // The token lives in this tab's session only.
    // Strings, not functions: they run in the page, whose globals this (Node) project does not type.
    expect(await page.evaluate('[localStorage.length, document.cookie]')).toEqual([0, ''])
    expect(page.url()).not.toContain(TOKEN)

    await page.getByLabel('Find by').selectOption('email')
    await page.getByLabel('Email, phone or contact id').fill('george@hillvalley.edu')
    await page.getByRole('button', { name: 'Find' }).press('Enter')
    await page.getByRole('heading', { name: /Identity #1/ }).waitFor(UI)
    await page.locator('#graph[data-contacts="3"]').waitFor({ state: 'attached', ...UI })
    expect(Number(await page.locator('#graph').getAttribute('data-links'))).toBeGreaterThanOrEqual(2)
    expect(await page.locator('#contacts tbody tr td:first-child').allInnerTexts()).toEqual(['#1primary', '#2', '#3'])
    await page.locator('.timeline li').first().waitFor(UI)
    expect(await page.locator('.timeline .event-type').allInnerTexts()).toContain('identities.merged')
    await shoot('2-identity-graph')
  })

  it('explains two contacts: the chain is listed and highlighted', STEP, async () => {
    await page.getByRole('button', { name: 'Pick #1' }).click()
    // The keyboard works too: focus the second and press Enter.
    await page.getByRole('button', { name: 'Pick #3' }).focus()
    await page.keyboard.press('Enter')
    const steps = page.getByRole('list', { name: 'Evidence from #1 to #3' }).getByRole('listitem')
    await steps.first().waitFor(UI)
    expect((await steps.allInnerTexts()).join('\n')).toMatch(/request/)
    await page.locator('#graph:not([data-highlighted="0"])').waitFor({ state: 'attached', ...UI })
    await shoot('3-explanation-highlighted')
  })

  it('approves a held merge, seeing both identities side by side', STEP, async () => {
    const held = await identify(app, { email: 'biff@hillvalley.edu', phoneNumber: '123456' })
    expect(held.statusCode).toBe(202)
    await page.getByRole('tab', { name: 'Held merges' }).click()
    const hold = page.locator('article.hold').first()
    await hold.waitFor(UI)
    expect((await hold.locator('.identity-card h4').allInnerTexts()).sort()).toEqual(['Identity of #1', 'Identity of #4'])
    await shoot('4-held-merge')
    await hold.getByRole('button', { name: /^Approve/ }).click()
    // The dry run first: nothing merged until the operator confirms.
    await hold.getByText(/^Approving merges #4 into #1/).waitFor(UI)
    expect(await contactsOf(4)).toBe(1)
    await hold.getByRole('button', { name: /^Confirm approval/ }).click()
    await hold.getByText(/^Approved:/).waitFor(UI)
    expect(await contactsOf(4)).toBe(4)
    await shoot('5-held-merge-approved')
  })

  it('undoes the approved merge from the history, showing the dry run before anything changes', STEP, async () => {
    await page.getByRole('button', { name: 'Open identity #1' }).click()
    // The approved merge took identity #1 past IDENTITY_SIZE_LIMIT (3): its evidence is bounded, and says so.
    await page.locator('#graph[data-contacts="3"]').waitFor({ state: 'attached', ...UI })
    await page.getByText(/4 contacts · .*past the size limit: the oldest 3 contacts/).waitFor(UI)
    const undo = page.locator('.timeline li.merge-approved').getByRole('button', { name: /^Undo merge/ })
    await undo.click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Dry run: nothing has changed yet.').waitFor(UI)
    await dialog.getByRole('heading', { name: 'After: it would become 2 identities' }).waitFor(UI)
    expect(await contactsOf(4)).toBe(4) // the dry run changed nothing
    await shoot('6-undo-dry-run', false)
    await dialog.getByRole('button', { name: 'Undo: make 2 identities' }).click()
    await dialog.getByRole('heading', { name: 'After: it became 2 identities' }).waitFor(UI)
    expect(await contactsOf(4)).toBe(1)
    expect(await contactsOf(1)).toBe(3)
    await shoot('7-undo-done', false)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.locator('#graph[data-contacts="3"]').waitFor({ state: 'attached', ...UI })
  })

  it('erases a person from the Erase tab, showing the dry run before anything changes', STEP, async () => {
    await page.getByRole('tab', { name: 'Erase' }).click()
    await page.getByLabel('Erase the person behind the').selectOption('email')
    await page.getByLabel('Contact id, email or phone').fill('doc@hillvalley.edu')
    await page.locator('#erase-form').getByRole('button', { name: 'Dry run…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Dry run: nothing has changed yet. An erasure cannot be undone.').waitFor(UI)
    expect(await contactsOf(5)).toBe(1) // the dry run changed nothing
    await shoot('8-erase-dry-run', false)
    await dialog.getByRole('button', { name: 'Erase 1 contact' }).click()
    await dialog.getByText(/^Erased \(event #\d+\)\.$/).waitFor(UI)
    expect((await app.inject({ url: '/contacts/5' })).statusCode).toBe(410)
    await shoot('9-erase-done', false)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.locator('#erase-status').getByText('Erased identity #5: 1 contact emptied.').waitFor(UI)
  })

  it('blocks an identifier (showing why a bad pattern is refused) and removes it', STEP, async () => {
    await page.getByRole('tab', { name: 'Blocked identifiers' }).click()
    await page.locator('#blocklist-table table').waitFor(UI)
    await page.getByLabel('Block', { exact: true }).selectOption('email')
    await page.getByLabel('Match').selectOption('pattern')
    await page.getByLabel('Value or pattern').fill('([a-z')
    await page.getByRole('button', { name: 'Block', exact: true }).click()
    await page.locator('#blocklist-status').getByRole('alert').filter({ hasText: 'INVALID_PATTERN' }).waitFor(UI)
    await shoot('10-blocklist-invalid-pattern')
    await page.getByLabel('Value or pattern').fill('@spam\\.example$')
    await page.getByRole('button', { name: 'Block', exact: true }).click()
    const remove = page.getByRole('button', { name: 'Remove @spam\\.example$' })
    await remove.waitFor(UI)
    await shoot('11-blocklist-added')
    await remove.click()
    await remove.waitFor({ state: 'detached', ...UI })
  })

  it('logged no errors: nothing refused by the CSP, no script errors', () => {
    // The browser logs every 4xx answer it gets (the wrong token's 401): those are expected.
    expect(browser.errors.filter(text => !/^Failed to load resource: .* status of 4\d\d/.test(text))).toEqual([])
  })
})
