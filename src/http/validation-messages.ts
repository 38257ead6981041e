// Turns schema validation errors into one message that names the field and the problem.
import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

function describe (error: FastifySchemaValidationError, dataVar: string): string {
  const where = `${dataVar}${error.instancePath.replaceAll('/', '.')}`
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown property "${String(params.additionalProperty)}"`
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map(String)
      return `${where} must be ${types.join(' or ')}`
    }
    case 'pattern': {
      const description = (error as { parentSchema?: { description?: string } }).parentSchema?.description
      return description === undefined ? `${where} ${error.message ?? 'is invalid'}` : `${where} must be ${description}`
    }
    default:
      return `${where} ${error.message ?? 'is invalid'}`
  }
}

/** Fastify's schemaErrorFormatter: the error becomes a 400 with code FST_ERR_VALIDATION. */
export function formatValidationErrors (errors: FastifySchemaValidationError[], dataVar: string): Error {
  return new Error(errors.map(error => describe(error, dataVar)).join('; '))
}
