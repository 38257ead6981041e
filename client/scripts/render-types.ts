// The client's types as text, from the service's OpenAPI document (openapi-typescript).
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

/** Where the generated types live. */
export const TYPES_FILE = new URL('../src/openapi.ts', import.meta.url)

const HEADER = '// Generated from the service\'s OpenAPI document by client/scripts/generate.ts (npm run client:generate): do not edit.\n' +
  '/* eslint-disable */\n'

/** The TypeScript types of every path and schema of `document`, as the file holds them. */
export async function renderTypes (document: object): Promise<string> {
  return HEADER + astToString(await openapiTS(document as OpenAPI3, { alphabetize: true }))
}
