// Vitest globalSetup: one database server for the whole run (MONGODB_URI if set, else an embedded one).
import type { TestProject } from 'vitest/node'
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js'

declare module 'vitest' {
  export interface ProvidedContext { mongodbUri: string; databaseKind: string }
}

const log = {
  info: (obj: object, msg: string) => console.log(`[tests] ${msg}`, obj),
  warn: (obj: object, msg: string) => console.warn(`[tests] ${msg}`, obj)
}

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI
  if (external) {
    project.provide('mongodbUri', external)
    project.provide('databaseKind', 'external')
    // Hide a password, if any: CI logs are widely readable.
    console.log(`[tests] Node ${process.version}, database: external MONGODB_URI ${external.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`)
    return async () => {}
  }
  const db = await startEmbeddedDatabase(log)
  project.provide('mongodbUri', db.uri)
  project.provide('databaseKind', db.kind)
  const transactions = db.kind === 'ferretdb' ? 'no transactions' : 'replica set, transactions'
  console.log(`[tests] Node ${process.version}, database: ${db.kind} at ${db.uri} (${transactions})`)
  return async () => { await db.stop() }
}
