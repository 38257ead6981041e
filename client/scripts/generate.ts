// Regenerates client/src/openapi.ts: builds the service, takes its /openapi.json, writes the types.
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { buildApp } from '../../src/app.js'
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js'
import { renderTypes, TYPES_FILE } from './render-types.js'

const quiet = { info: () => {}, warn: () => {} }

// The app needs a database to start: MONGODB_URI when given, else the embedded one. A throwaway
// admin token makes the admin routes exist, so that their types are generated too.
const embedded = process.env.MONGODB_URI === undefined ? await startEmbeddedDatabase(quiet) : undefined
try {
  const app = await buildApp({
    env: {
      MONGODB_URI: embedded?.uri ?? process.env.MONGODB_URI,
      MONGODB_DB_NAME: `client_types_${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: randomUUID()
    }
  })
  try {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' })
    await writeFile(TYPES_FILE, await renderTypes(response.json()))
    console.log(`wrote ${TYPES_FILE.pathname}`)
  } finally {
    await app.db.connection.dropDatabase().catch(() => {})
    await app.close()
  }
} finally {
  await embedded?.stop()
}
