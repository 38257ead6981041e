// Checks the contract's invariants I1-I6 on the stored contacts, given the requests that were accepted.
import type { ContactDocument } from '../../src/db/models.js'

export interface AcceptedRequest {
  email: string | null
  phoneNumber: string | null
}

type Row = Pick<ContactDocument, '_id' | 'email' | 'phoneNumber' | 'linkedId' | 'linkPrecedence' | 'createdAt' | 'relinkPending'> & { deletedAt?: Date | null }

const older = (a: Row, b: Row): number => a.createdAt.getTime() - b.createdAt.getTime() || a._id - b._id

/** The clusters as stored: primary id -> contacts, oldest first. */
export function clustersOf (rows: readonly Row[]): Map<number, Row[]> {
  const clusters = new Map<number, Row[]>()
  for (const row of rows) {
    const root = row.linkedId ?? row._id
    clusters.set(root, [...(clusters.get(root) ?? []), row])
  }
  for (const members of clusters.values()) members.sort(older)
  return clusters
}

/**
 * Returns the violations found (empty when all invariants hold). `undone`: identifiers ("e:x",
 * "p:y") blocked and then undone, which I3 lets sit in several clusters. Erased contacts (deletedAt
 * set) are left out, and so must their identifiers be from `accepted`: the invariants hold for
 * everyone else.
 */
export function checkInvariants (allRows: readonly Row[], accepted: readonly AcceptedRequest[], undone: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = []
  const rows = allRows.filter(row => row.deletedAt == null)
  const byId = new Map(rows.map(row => [row._id, row]))

  // I1: primaries, or secondaries pointing straight at a primary; no merge left half done.
  for (const row of rows) {
    const isPrimary = row.linkedId === null || row.linkedId === undefined
    if (isPrimary && row.linkPrecedence !== 'primary') problems.push(`I1: ${row._id} has no link but is ${row.linkPrecedence}`)
    if (!isPrimary) {
      const parent = byId.get(row.linkedId!)
      if (row.linkPrecedence !== 'secondary') problems.push(`I1: ${row._id} is linked but ${row.linkPrecedence}`)
      if (parent === undefined || parent.linkedId !== null) problems.push(`I1: ${row._id} links to ${row.linkedId}, not a primary`)
    }
    if (row.relinkPending === true) problems.push(`I1: ${row._id} still has relinkPending`)
  }
  if (problems.length > 0) return problems

  const clusters = clustersOf(rows)
  const clusterOfKey = new Map<string, number>()
  for (const [primaryId, members] of clusters) {
    // I2: the primary is the oldest contact of its cluster.
    if (members[0]?._id !== primaryId) problems.push(`I2: cluster ${primaryId} has older contact ${members[0]?._id}`)
    const seen = new Set<string>()
    for (const member of members) {
      const keys = [member.email && `e:${member.email}`, member.phoneNumber && `p:${member.phoneNumber}`].filter((k): k is string => Boolean(k))
      // I4: a contact exists only because it brought an email or phone new to its cluster.
      if (member._id !== primaryId && keys.every(key => seen.has(key))) problems.push(`I4: contact ${member._id} brought nothing new`)
      for (const key of keys) {
        seen.add(key)
        // I3: no email or phone in two clusters.
        const other = clusterOfKey.get(key)
        if (other !== undefined && other !== primaryId && !undone.has(key)) problems.push(`I3: ${key} is in clusters ${other} and ${primaryId}`)
        clusterOfKey.set(key, primaryId)
      }
    }
  }

  // I5: contacts share a cluster only if accepted requests chain their emails/phones together.
  const parent = new Map<string, string>()
  const find = (key: string): string => {
    let root = key
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!
    return root
  }
  const union = (a: string, b: string): void => { parent.set(find(a), find(b)) }
  for (const request of accepted) {
    if (request.email !== null && request.phoneNumber !== null) union(`e:${request.email}`, `p:${request.phoneNumber}`)
  }
  for (const [primaryId, members] of clusters) {
    const components = new Set(members.flatMap(m => [m.email && `e:${m.email}`, m.phoneNumber && `p:${m.phoneNumber}`])
      .filter((k): k is string => Boolean(k)).map(find))
    if (components.size > 1) problems.push(`I5: cluster ${primaryId} joins unrelated contacts`)
  }

  // I6: every accepted email and phone is stored (I3 makes "exactly one cluster").
  for (const request of accepted) {
    if (request.email !== null && !clusterOfKey.has(`e:${request.email}`)) problems.push(`I6: email ${request.email} was lost`)
    if (request.phoneNumber !== null && !clusterOfKey.has(`p:${request.phoneNumber}`)) problems.push(`I6: phone ${request.phoneNumber} was lost`)
  }
  return problems
}
