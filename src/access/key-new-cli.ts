// npm run key:new -- --name checkout --scopes identify: mints a key, prints it once and the line that configures it.
import { parseArgs } from 'node:util'
import { keyLine, keyProblem, mintKey } from './keys.js'
import type { Scope } from './scopes.js'

const USAGE = 'usage: npm run key:new -- --name <caller> --scopes <identify,read,feed,admin>'

const { values } = parseArgs({ options: { name: { type: 'string' }, scopes: { type: 'string' } }, strict: true })
const name = values.name ?? ''
const scopes = (values.scopes ?? '').split(',').map(scope => scope.trim()).filter(scope => scope !== '')
const problem = keyProblem(name, scopes)
if (problem !== undefined) {
  process.stderr.write(`${problem}\n${USAGE}\n`)
  process.exit(2)
}
const { key, entry } = mintKey(name, scopes as Scope[])
// The key is shown here once: only its hash is configured, so nobody can print it again.
process.stdout.write(`Key for ${name} (shown once; give it to the caller, who sends it as Authorization: Bearer <key>):\n\n  ${key}\n\n` +
  `Add this line to the file API_KEYS_FILE names, then reload (kill -HUP <pid>) or restart:\n\n${keyLine(entry)}\n`)
