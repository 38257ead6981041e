// The floor to compare the service with: node:http and the raw driver, only the round trips the rules need, no locks.
import http from 'node:http'
import mongoose from 'mongoose'

const { MongoClient } = mongoose.mongo

interface Row {
  _id: number
  email: string | null
  phoneNumber: string | null
  linkedId: number | null
  linkPrecedence: 'primary' | 'secondary'
  createdAt: Date
  updatedAt: Date
  deletedAt: null
}
type Keys = Pick<Row, 'email' | 'phoneNumber'>

const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/'
const client = new MongoClient(uri, {
  // The service's defaults (src/config.ts), so that both have the same pool to the database.
  maxPoolSize: Number(process.env.MONGODB_MAX_POOL_SIZE ?? 20),
  serverSelectionTimeoutMS: 2000
})
await client.connect()
const contacts = client.db(process.env.MONGODB_DB_NAME ?? 'identity_bench_baseline').collection<Row>('contacts')
const FIELDS = { email: 1, phoneNumber: 1, linkedId: 1, createdAt: 1 } as const

// One process, no locks: ids come from memory, starting after the largest stored one.
let lastId = (await contacts.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next())?._id ?? 0

const older = (a: Row, b: Row) => a.createdAt.getTime() - b.createdAt.getTime() || a._id - b._id

async function identify (keys: Keys) {
  const or: object[] = []
  if (keys.email !== null) or.push({ email: keys.email })
  if (keys.phoneNumber !== null) or.push({ phoneNumber: keys.phoneNumber })
  // Round trip 1: the contacts that share the email or the phone.
  const matches = await contacts.find({ $or: or }, { projection: FIELDS }).toArray()
  const now = new Date()
  if (matches.length === 0) {
    const row = { _id: ++lastId, ...keys, linkedId: null, linkPrecedence: 'primary' as const, createdAt: now, updatedAt: now, deletedAt: null }
    await contacts.insertOne(row)
    return present(row, [row])
  }
  // Round trip 2: the primaries of those contacts and all their secondaries.
  const primaryIds = [...new Set(matches.map(row => row.linkedId ?? row._id))]
  const cluster = await contacts.find({ $or: [{ _id: { $in: primaryIds } }, { linkedId: { $in: primaryIds } }] }, { projection: FIELDS }).toArray()
  const [primary, ...losers] = cluster.filter(row => row.linkedId === null).sort(older)
  if (primary === undefined) throw new Error('a cluster without its primary')
  if (losers.length > 0) {
    // Round trip 3 (merges): every other primary and its secondaries now point at the oldest primary.
    const loserIds = losers.map(row => row._id)
    await contacts.updateMany({ $or: [{ _id: { $in: loserIds } }, { linkedId: { $in: loserIds } }] },
      { $set: { linkedId: primary._id, linkPrecedence: 'secondary', updatedAt: now } })
    for (const row of cluster) if (row._id !== primary._id) row.linkedId = primary._id
  }
  const bringsNew = (keys.email !== null && !cluster.some(row => row.email === keys.email)) ||
    (keys.phoneNumber !== null && !cluster.some(row => row.phoneNumber === keys.phoneNumber))
  if (bringsNew) {
    // Round trip 3 (or 4): the new secondary.
    const row = { _id: ++lastId, ...keys, linkedId: primary._id, linkPrecedence: 'secondary' as const, createdAt: now, updatedAt: now, deletedAt: null }
    await contacts.insertOne(row)
    cluster.push(row)
  }
  return present(primary, cluster)
}

function present (primary: Row, rows: Row[]) {
  const byAge = [primary, ...rows.filter(row => row._id !== primary._id).sort(older)]
  const distinct = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => value !== null))]
  return {
    primaryContactId: primary._id,
    emails: distinct(byAge.map(row => row.email)),
    phoneNumbers: distinct(byAge.map(row => row.phoneNumber)),
    secondaryContactIds: byAge.slice(1).map(row => row._id).sort((a, b) => a - b)
  }
}

// The service's normalisation minus libphonenumber: the benchmark sends phones that it keeps as they are.
function parseKeys (body: unknown): Keys | null {
  if (typeof body !== 'object' || body === null) return null
  const { email, phoneNumber } = body as { email?: unknown, phoneNumber?: unknown }
  const mail = typeof email === 'string' ? email.trim().toLowerCase() : ''
  const phone = typeof phoneNumber === 'string' || typeof phoneNumber === 'number' ? String(phoneNumber).replace(/[\s\-.()]/g, '') : ''
  if (mail === '' && phone === '') return null
  return { email: mail === '' ? null : mail, phoneNumber: phone === '' ? null : phone }
}

function send (response: http.ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) })
  response.end(json)
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') return send(response, 200, { status: 'ok' })
  if (request.method !== 'POST' || request.url !== '/identify') return send(response, 404, { statusCode: 404, error: 'Not Found' })
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    let keys: Keys | null = null
    try { keys = parseKeys(JSON.parse(Buffer.concat(chunks).toString())) } catch {}
    if (keys === null) return send(response, 400, { statusCode: 400, error: 'Bad Request' })
    identify(keys).then(body => send(response, 200, body), (error: unknown) => {
      console.error(JSON.stringify({ level: 50, msg: String(error) }))
      send(response, 500, { statusCode: 500, error: 'Internal Server Error' })
    })
  })
})
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.PORT ?? 3001), process.env.HOST ?? '127.0.0.1')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close()
    server.closeAllConnections()
    client.close().finally(() => process.exit(0))
  })
}
