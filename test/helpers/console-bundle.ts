// Vitest globalSetup: builds the console's bundle once per run, as `npm run build` does. Vitest runs
// the TypeScript sources without a build step; building here (about a second) keeps the served
// bundle in step with the client's sources, where "build when missing" could serve a stale one.
import { buildConsole } from '../../console/build.js'

export default async function setup (): Promise<void> {
  await buildConsole()
}
