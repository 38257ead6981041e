// A headless Chromium (Debian's package) driven by playwright-core, with a fresh profile, and a folder for screenshots.
import { accessSync, constants } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

// CHROMIUM_PATH for machines whose Chromium lives elsewhere; .ci/run installs Debian's.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const yes = (value: string | undefined): boolean => value === 'true' || value === '1'
/**
 * Where the console must be tested (CI=true, or REQUIRE_CHROMIUM=true), a missing Chromium fails
 * the run; elsewhere the browser test skips itself, so that `npm test` passes on a fresh machine.
 */
export const CHROMIUM_REQUIRED = yes(process.env.CI) || yes(process.env.REQUIRE_CHROMIUM)

/** Why Chromium cannot run here, with what to do about it; undefined when it can. */
export function chromiumMissing (): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK)
    return undefined
  } catch {
    return `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH to one`
  }
}

// Quiet and offline: no first-run pages, sync, component updates or background fetches.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface Browser {
  context: BrowserContext
  page: Page
  /** Messages the page logged as errors, CSP refusals included. */
  errors: string[]
  close: () => Promise<void>
}

export async function launchBrowser (): Promise<Browser> {
  const missing = chromiumMissing()
  if (missing !== undefined) throw new Error(`${missing}${CHROMIUM_REQUIRED ? ' (required here: CI=true or REQUIRE_CHROMIUM=true)' : ''}`)
  const profile = await mkdtemp(join(tmpdir(), 'console-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 768 } // a laptop screen
  })
  // A busy 2-core machine: waits are for states of the page, with room to get there.
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(60_000)
  const page = context.pages()[0] ?? await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('pageerror', (error) => { errors.push(error.message) })
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    }
  }
}

/** CONSOLE_SCREENSHOTS, or a new temporary folder; its path is printed so it can be found after the run. */
export async function screenshotFolder (): Promise<string> {
  const folder = process.env.CONSOLE_SCREENSHOTS ?? await mkdtemp(join(tmpdir(), 'console-screenshots-'))
  await mkdir(folder, { recursive: true })
  console.log(`[console] screenshots in ${folder}`)
  return folder
}
