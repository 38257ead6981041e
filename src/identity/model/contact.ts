// The plain data the identity rules work on: contacts, the keys a request brings, the answer.

export type LinkPrecedence = 'primary' | 'secondary'

/** One stored contact, as the domain sees it (never a database document). */
export interface Contact {
  id: number
  email: string | null
  phoneNumber: string | null
  /** Id of the cluster's primary; null on a primary. */
  linkedId: number | null
  linkPrecedence: LinkPrecedence
  createdAt: Date
  /**
   * True from the moment a primary is demoted by a merge until its former secondaries have been
   * re-pointed to the new primary. Only a crash (or a merge in flight) leaves it set.
   */
  relinkPending: boolean
}

/** The normalised email and phone of a request; at least one is non-null. */
export interface ContactKeys {
  email: string | null
  phoneNumber: string | null
}

/** A contact to create: the id and creation time are allocated by the store. */
export interface NewContact extends ContactKeys {
  linkedId: number | null
}

/** The merged view of one cluster, as the API returns it. */
export interface Identity {
  primaryContactId: number
  emails: string[]
  phoneNumbers: string[]
  secondaryContactIds: number[]
}

/** "Older" in docs/contract.md: smaller createdAt, ties broken by smaller id. */
export function compareAge (a: Contact, b: Contact): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id
}
