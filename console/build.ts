// Bundles the operator console (esbuild) into dist/console-assets, where the service serves it from.
import { copyFile, mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
export const CONSOLE_OUTDIR = here('../dist/console-assets/')

/** Writes index.html, console.js (cytoscape included: the service may run without internet) and console.css. */
export async function buildConsole (outdir = CONSOLE_OUTDIR): Promise<void> {
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: [{ in: here('client/main.ts'), out: 'console' }, { in: here('console.css'), out: 'console' }],
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
    // Keeps cytoscape's licence notice in the bundle.
    legalComments: 'eof'
  })
  await copyFile(here('index.html'), `${outdir}/index.html`)
}

// `tsx console/build.ts` (npm run build): build and say where.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildConsole()
  console.log(`console bundle written to ${CONSOLE_OUTDIR}`)
}
