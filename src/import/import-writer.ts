// Writes a planned import in bulk, batch by batch, under a job document that makes a rerun finish it without doubling anything.
import mongoose from 'mongoose'
import { recordedEvent } from '../identity/model/changes.js'
import type { EventOrigin } from '../identity/model/events.js'
import type { Models } from '../db/models.js'
import type { ImportRow } from './import-row.js'
import type { ImportPlan } from './plan.js'
import type { ImportEvent, PlannedHold } from './rules-in-memory.js'

const { MongoBulkWriteError, MongoServerError } = mongoose.mongo
const DUPLICATE_KEY = 11000
// Documents per insertMany: few round trips, and a batch a crash can leave half written is small.
export const BATCH = 1000

/** Progress of one import, kept in the `imports` collection under the job id. */
export interface ImportJob {
  _id: string
  source: string
  /** Written by the import itself, or sent through the service (--into-existing): a rerun must do the same. */
  intoExisting: boolean
  /** Events get ids eventBase + 1, + 2, ... in plan order: chosen once, so a rerun writes the same ids. */
  eventBase: number
  contactsWritten: number
  eventsWritten: number
  /** With --into-existing: rows sent through the service so far. */
  rowsApplied: number
  startedAt: Date
  finishedAt: Date | null
}

export class ImportRefused extends Error {}

export interface WriteProgress { written: number, total: number }

export interface ImportTarget {
  connection: mongoose.Connection
  models: Models
}

const jobs = (target: ImportTarget) => target.connection.collection<ImportJob>('imports')
const counters = (target: ImportTarget) => target.connection.collection<{ _id: string, value: number }>('counters')

/**
 * The job of `jobId`: the one a previous run started, or a new one. A new one is refused when
 * the database has contacts already (unless `intoExisting`: then rows go through the service).
 */
export async function startJob (target: ImportTarget, jobId: string, source: string, intoExisting: boolean): Promise<ImportJob> {
  const existing = await jobs(target).findOne({ _id: jobId })
  if (existing !== null) return sameMode(existing, intoExisting)
  const refusal = await refusalOf(target, jobId, intoExisting)
  if (refusal !== null) throw new ImportRefused(refusal)
  const [highest] = await target.models.Event.find({}, { _id: 1 }).sort({ _id: -1 }).limit(1).lean()
  const counter = await counters(target).findOne({ _id: 'events' })
  const job: ImportJob = {
    _id: jobId, source, intoExisting, eventBase: Math.max(highest?._id ?? 0, counter?.value ?? 0), contactsWritten: 0, eventsWritten: 0, rowsApplied: 0, startedAt: new Date(), finishedAt: null
  }
  try {
    await jobs(target).insertOne(job)
    return job
  } catch (error) {
    // Another run of the same command started it a moment ago: resume that one.
    if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error
    return sameMode((await jobs(target).findOne({ _id: jobId }))!, intoExisting)
  }
}

/** Why a new job of these rows may not start here (the database has contacts of its own), or null. */
export async function refusalOf (target: ImportTarget, jobId: string, intoExisting: boolean): Promise<string | null> {
  if (intoExisting || await jobs(target).findOne({ _id: jobId }) !== null || await target.models.Contact.exists({}) === null) return null
  const unfinished = await jobs(target).findOne({ finishedAt: null })
  if (unfinished !== null) {
    return `an unfinished import (job ${unfinished._id}, from ${unfinished.source}) wrote contacts here: run it again with the same rows and settings (IDENTITY_SIZE_LIMIT, GENERIC_IDENTIFIER_LIMIT, PHONE_DEFAULT_REGION, blocklist) to finish it`
  }
  return 'the database has contacts already: import into it with --into-existing, where rows go through the normal rules (and get new ids)'
}

/** A job is finished the way it started: its written ids and the service's must not mix. */
function sameMode (job: ImportJob, intoExisting: boolean): ImportJob {
  if (job.intoExisting === intoExisting) return job
  throw new ImportRefused(`job ${job._id} (the same rows) was started ${job.intoExisting ? 'with' : 'without'} --into-existing: run it the same way to finish it`)
}

/** Records progress; `$max`, so that a slower writer never moves it back. */
export async function recordProgress (target: ImportTarget, jobId: string, progress: Partial<Pick<ImportJob, 'contactsWritten' | 'eventsWritten' | 'rowsApplied'>>): Promise<void> {
  await jobs(target).updateOne({ _id: jobId }, { $max: progress })
}

export async function finishJob (target: ImportTarget, jobId: string): Promise<void> {
  await jobs(target).updateOne({ _id: jobId }, { $set: { finishedAt: new Date() } })
}

/**
 * Writes the plan's contacts, then its events, a batch at a time from where the job stopped,
 * then its held merges, then raises the id counters past them. A batch that a crash cut short is written again: its
 * documents are the same (same ids, same content) and the ones already there are skipped.
 */
export async function writePlan (target: ImportTarget, plan: ImportPlan, job: ImportJob, onProgress: (progress: WriteProgress) => void): Promise<void> {
  const { contacts, events } = plan
  const total = contacts.length + events.length
  const origin: EventOrigin = { requestId: `import:${job._id}`, actor: 'import' }
  for (let start = job.contactsWritten; start < contacts.length; start += BATCH) {
    const batch = contacts.slice(start, start + BATCH)
    await insertSkippingDuplicates(target.models.Contact.collection, batch.map(contactDocument))
    await recordProgress(target, job._id, { contactsWritten: start + batch.length })
    onProgress({ written: start + batch.length, total })
  }
  for (let start = job.eventsWritten; start < events.length; start += BATCH) {
    const batch = events.slice(start, start + BATCH)
    await insertSkippingDuplicates(target.models.Event.collection, batch.map((event, i) => eventDocument(event, job.eventBase + start + i + 1, job._id, origin)))
    await recordProgress(target, job._id, { eventsWritten: start + batch.length })
    onProgress({ written: contacts.length + start + batch.length, total })
  }
  // Few: written whole each time, the ones already there skipped.
  await insertSkippingDuplicates(target.models.Hold.collection, plan.holds.map(hold => holdDocument(hold, job.eventBase + hold.eventIndex + 1, origin)))
  const highestContact = contacts.reduce((max, row) => Math.max(max, row.id), 0)
  await raiseCounter(target, 'contacts', highestContact)
  await raiseCounter(target, 'events', job.eventBase + events.length)
}

/** `$max`es an id counter, so that ids the service allocates later continue after the import's. */
export async function raiseCounter (target: ImportTarget, name: 'contacts' | 'events', value: number): Promise<void> {
  if (value > 0) await counters(target).updateOne({ _id: name }, { $max: { value } }, { upsert: true })
}

async function insertSkippingDuplicates (collection: mongoose.mongo.Collection<any>, documents: object[]): Promise<void> {
  if (documents.length === 0) return
  try {
    await collection.insertMany(documents, { ordered: false })
  } catch (error) {
    const onlyDuplicates = error instanceof MongoBulkWriteError &&
      (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every(e => e.code === DUPLICATE_KEY)
    if (!onlyDuplicates) throw error
  }
}

function contactDocument (row: ImportRow) {
  return {
    _id: row.id,
    email: row.email,
    phoneNumber: row.phoneNumber,
    linkedId: row.linkedId,
    linkPrecedence: row.linkPrecedence,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: null
  }
}

/** A pending hold as the service keeps it (src/db/hold-documents.ts). */
function holdDocument (hold: PlannedHold, id: number, origin: EventOrigin) {
  const { eventIndex: _index, ...fields } = hold
  return { _id: id, ...fields, status: 'pending', requestId: origin.requestId, decidedAt: null, decidedBy: null }
}

/** The event as the service's event log stores it (src/db/event-log.ts), at the time of the row that caused it. */
function eventDocument (event: ImportEvent, id: number, jobId: string, origin: EventOrigin) {
  const { row } = event
  // A hold's id is that of its merge.held event (holdDocument).
  const change = event.kind === 'created'
    ? recordedEvent({ type: 'contact.created', linkedId: row.createdLinkedId, cause: { email: row.email, phoneNumber: row.phoneNumber } }, row)
    : recordedEvent(event.change, null, id)
  const { type, contactIds, cause, unit: _unit, ...data } = change
  return { _id: id, at: row.createdAt, type, requestId: origin.requestId, actor: origin.actor, contactIds, cause, data, unit: `import:${jobId}:${id}` }
}
