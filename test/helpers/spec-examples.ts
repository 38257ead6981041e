// the contract's worked example: the identity after lorraine + 123456, then mcfly + 123456.
export const martyIdentity = {
  primaryContactId: 1,
  emails: ['lorraine@hillvalley.edu', 'mcfly@hillvalley.edu'],
  phoneNumbers: ['123456'],
  secondaryContactIds: [2]
}
