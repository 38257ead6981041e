// Lint and format in one pass: neostandard is the style the Fastify ecosystem uses.
import neostandard from 'neostandard'

export default neostandard({
  ts: true,
  ignores: ['dist/**', 'coverage/**', 'bench/results/**', 'client/dist/**', 'client/src/openapi.ts']
})
