// Vitest globalSetup: one database server for the whole run (MONGODB_URI if set, else an embedded one), announced with its mode.
import mongoose from 'mongoose'
import type { TestProject } from 'vitest/node'
import { claimsTransactions } from '../../src/db/database-plugin.js'
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js'

declare module 'vitest' {
  export interface ProvidedContext { mongodbUri: string; databaseKind: string }
}

const log = {
  info: (obj: object, msg: string) => console.log(`[tests] ${msg}`, obj),
  warn: (obj: object, msg: string) => console.warn(`[tests] ${msg}`, obj)
}

// CI logs are widely readable: never print a password.
const withoutPassword = (uri: string): string => uri.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')

/** Asks the server, as the service does at start-up, whether it can run transactions. */
async function modeOf (uri: string): Promise<string> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 10_000 })
  try {
    const hello = await client.db('admin').command({ hello: 1 })
    return claimsTransactions(hello)
      ? `transactions (${typeof hello.setName === 'string' ? `replica set ${hello.setName}` : 'mongos'}): the transaction path and the serial-order check run`
      : 'no transactions (standalone or MongoDB-compatible server): the lock path runs, the serial-order check skips itself'
  } catch (error) {
    return `unknown (hello failed: ${error instanceof Error ? error.message : String(error)})`
  } finally {
    await client.close()
  }
}

function announce (kind: string, uri: string, mode: string): void {
  console.log(`[tests] Node ${process.version}, database: ${kind} at ${withoutPassword(uri)}\n[tests] mode: ${mode}`)
}

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI
  if (external) {
    project.provide('mongodbUri', external)
    project.provide('databaseKind', 'external')
    announce('external MONGODB_URI', external, await modeOf(external))
    return async () => {}
  }
  const db = await startEmbeddedDatabase(log)
  project.provide('mongodbUri', db.uri)
  project.provide('databaseKind', db.kind)
  announce(db.kind, db.uri, await modeOf(db.uri))
  return async () => { await db.stop() }
}
