// Example consumer of the feed: mirrors the service's identities into a local map, keeping its cursor in a file.
//   IDENTITY_URL=http://127.0.0.1:3000 STATE_FILE=identities.json [IDENTITY_KEY=...] npx tsx examples/feed-consumer.ts
// Killed at any moment and started again, it goes on where it was, and applies every event once.
import { readFile, rename, writeFile } from 'node:fs/promises'
import { createIdentityClient } from '../client/src/index.js'
import { applyEvent, emptyMirror, identitiesOf, type MirrorState } from './identity-mirror.js'

const baseUrl = process.env.IDENTITY_URL ?? 'http://127.0.0.1:3000'
const stateFile = process.env.STATE_FILE ?? 'identities.json'
const client = createIdentityClient({ baseUrl, key: process.env.IDENTITY_KEY })

/** The mirror and its cursor as last saved; empty (from the first event) on the first run. */
async function load (): Promise<MirrorState> {
  try {
    return JSON.parse(await readFile(stateFile, 'utf8')) as MirrorState
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyMirror()
    throw error
  }
}

/** Saves the mirror and the cursor in one step (write, then rename): a crash keeps the old pair or the new one. */
async function save (state: MirrorState): Promise<void> {
  await writeFile(`${stateFile}.tmp`, JSON.stringify(state))
  await rename(`${stateFile}.tmp`, stateFile)
}

const stopping = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { stopping.abort() })

const state = await load()
console.log(`feed-consumer: from event ${state.cursor}, ${identitiesOf(state).size} identities`)
while (!stopping.signal.aborted) {
  try {
    // A long poll: answers as soon as there is an event, or after 30 s with none.
    const page = await client.events({ after: state.cursor, limit: 500, wait: 30 }, { signal: stopping.signal })
    // Apply, then keep the cursor: an event is never skipped, and one applied is at or below the
    // saved cursor, so that applyEvent passes it over if it comes again.
    for (const event of page.events) applyEvent(state, event)
    state.cursor = page.next
    if (page.events.length > 0) {
      await save(state)
      console.log(`feed-consumer: at event ${state.cursor}, ${identitiesOf(state).size} identities`)
    }
  } catch (error) {
    if (stopping.signal.aborted) break
    // The service restarting or unreachable (503s are retried by the client already): try again soon.
    console.error(`feed-consumer: ${error instanceof Error ? error.message : String(error)}; trying again in 1 s`)
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
}
