// Moving between the console's views without importing them into each other.
type OpenIdentity = (contactId: number) => void

let openIdentityHandler: OpenIdentity = () => {}

/** main.ts says how to open an identity; any view may then ask for one. */
export function onOpenIdentity (handler: OpenIdentity): void { openIdentityHandler = handler }
export function openIdentity (contactId: number): void { openIdentityHandler(contactId) }
