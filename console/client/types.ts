// The shapes of the service's answers the console reads: the client package's types, generated from /openapi.json.
import type { ErrorBody, EventPage as HistoryPage, EvidenceGraph as Graph, Explanation as ExplanationBody, Identity as IdentityBody, IdentityEvent as Event, paths } from '../../client/src/index.js'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Identity = IdentityBody
export type EvidenceGraph = Graph
export type Contact = Graph['contacts'][number]
/** Why contacts are together: a shared email or phone, or a request (an event) that joined them. */
export type Via = Graph['links'][number]['via']
export type Explanation = ExplanationBody
export type Step = ExplanationBody['steps'][number]
export type IdentityEvent = Event
export type EventPage = HistoryPage
export type Keys = NonNullable<Event['cause']>

export type BlockRule = JsonOf<paths['/admin/blocklist']['get']['responses'][200]>['rules'][number]
export type Field = BlockRule['field']
export type Hold = JsonOf<paths['/admin/holds']['get']['responses'][200]>['holds'][number]
/** An approval, or with dryRun what it would do (`preview`). */
export type ApproveResult = JsonOf<paths['/admin/holds/{id}/approve']['post']['responses'][200]>
/** What an undo takes away: one merge event, or every link through an identifier. */
export type UndoTarget = paths['/admin/undo']['post']['requestBody']['content']['application/json']
export type UndoResult = JsonOf<paths['/admin/undo']['post']['responses'][200]>

/** Whom an erasure takes: the person behind a contact, an email or a phone; `suppress` keeps them out afterwards. */
export type EraseTarget = paths['/admin/erase']['post']['requestBody']['content']['application/json']
export type EraseResult = JsonOf<paths['/admin/erase']['post']['responses'][200]>

/** The service's error body. */
export type ApiErrorBody = ErrorBody
