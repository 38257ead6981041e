// What the admin route families share: schemas and error responses.
import { Type } from 'typebox'
import { ErrorSchema } from './schemas.js'

export const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
export const FieldSchema = Type.Union([Type.Literal('email'), Type.Literal('phoneNumber')])

export const adminErrors = { 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 500: ErrorSchema, 503: ErrorSchema }
