// What GraphQL servers share: a resolver's error ends up in `errors[]` of a 200 answer, so nothing below
// the server sees it. Each kind of resolver error (one with a path; kind: path shape and error class, at
// most 10 per operation) is recorded through captureFailure on a span of its own under the request
// (`graphql.resolve items.[].broken`, with the exact path, operation name and type), the server span is
// marked failed and counts the rest, and one failure log goes out per recorded error. Every operation names the server
// span for the endpoint and itself (`POST /graphql query Checkout`).
// Which errors a client may read follows the server's own convention: a GraphQLError the app threw
// (Yoga's and Apollo's user errors) or a Faultline error marked `expose` is expected; anything else is
// unexpected, and its message is withheld in production (graphql-yoga.ts, graphql-apollo.ts).
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { isFaultlineError } from '@faultline/core';
import { captureFailure, reportInternalFailure } from '../capture/capture';
import { requestOfSpan, requestStateOf } from '../http/request-context';

export interface GraphqlErrorLike {
  readonly message?: unknown;
  readonly path?: readonly (string | number)[];
  readonly originalError?: unknown;
  readonly extensions?: Record<string, unknown>;
}
export interface OperationFacts {
  readonly name: string | undefined;
  readonly type: string | undefined;
}

/** What the client is told of an unexpected error in production. */
export const WITHHELD_MESSAGE = 'Internal server error';

/** The error a resolver threw, under the GraphQLErrors that located it. */
export function rootError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth += 1) {
    const inner = (current as GraphqlErrorLike | null)?.originalError;
    if (inner === undefined || inner === null || inner === current) break;
    current = inner;
  }
  return current;
}

function isGraphqlError(value: unknown): boolean {
  // By name, not instanceof: an app can load two copies of graphql.
  return value instanceof Error && (value.name === 'GraphQLError' || value.constructor?.name === 'GraphQLError');
}

/** Thrown on purpose for the client to read: a GraphQLError of the app's, or an exposed Faultline error. */
export function isExpectedError(error: unknown): boolean {
  const root = rootError(error);
  return isGraphqlError(root) || (isFaultlineError(root) && root.expose);
}

/** The operation the document names (`operationName`, else its only operation). */
export function operationOf(document: unknown, operationName: unknown): OperationFacts {
  const definitions = (document as { definitions?: readonly { kind?: string; operation?: string; name?: { value?: string } }[] } | null)?.definitions ?? [];
  const operations = definitions.filter((d) => d.kind === 'OperationDefinition');
  const chosen = typeof operationName === 'string' ? operations.find((d) => d.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return { name: chosen?.name?.value ?? (typeof operationName === 'string' ? operationName : undefined), type: chosen?.operation };
}

/**
 * The request's HTTP server span (from the RPC metadata the request runs under); for a request the
 * sampling gate left unsampled, the non-recording span the request was bound to.
 */
function serverSpan(): Span | undefined {
  const rpc = getRPCMetadata(context.active());
  return rpc?.type === RPCType.HTTP ? rpc.span : trace.getActiveSpan();
}

/** The request ID of the request being served, for `extensions.requestId`. */
export function currentRequestId(): string | undefined {
  return requestStateOf(requestOfSpan(serverSpan()))?.requestId;
}

/** At most this many errors of one operation are recorded; the rest are counted. */
export const MAX_RECORDED_ERRORS = 10;

/** The path with its list indices replaced (`items.[].broken`): bounded, unlike `items.4817.broken`. */
export function pathShape(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? '[]' : part)).join('.');
}

/**
 * The errors to record: the first of each kind (path shape and error class), at most
 * MAX_RECORDED_ERRORS, in the order the server reported them. A list field with 5,000 broken items is
 * one failure, not 5,000.
 */
export function errorsToRecord(errors: readonly GraphqlErrorLike[]): { chosen: GraphqlErrorLike[]; dropped: number } {
  const seen = new Set<string>();
  const chosen: GraphqlErrorLike[] = [];
  let dropped = 0;
  for (const error of errors) {
    if (!Array.isArray(error.path)) continue;
    const root = rootError(error) as { constructor?: { name?: unknown } } | null;
    const kind = `${pathShape(error.path)}\0${String(root?.constructor?.name)}`;
    if (chosen.length >= MAX_RECORDED_ERRORS || seen.has(kind)) {
      dropped += 1;
      continue;
    }
    seen.add(kind);
    chosen.push(error);
  }
  return { chosen, dropped };
}

function recordOne(error: GraphqlErrorLike, operation: OperationFacts, req: ReturnType<typeof requestOfSpan>): void {
  const path = error.path?.join('.') ?? '';
  const span = trace.getTracer('@faultline/node').startSpan(`graphql.resolve ${pathShape(error.path ?? [])}`, {
    attributes: {
      'graphql.field.path': path,
      ...(operation.name !== undefined ? { 'graphql.operation.name': operation.name } : {}),
      ...(operation.type !== undefined ? { 'graphql.operation.type': operation.type } : {}),
    },
  });
  const root = rootError(error);
  // An expected error is recorded as the client error it is (a 400's severity), not as an outage.
  const exposedStatus = isFaultlineError(root) ? root.status : 400;
  const state = requestStateOf(req);
  // Each error is a failure of its own: the request's "recorded once" mark is lifted for it.
  const first = state?.failure;
  if (state !== undefined) state.failure = undefined;
  captureFailure(root, req, 'graphql', span, isExpectedError(root) ? exposedStatus : undefined);
  if (state !== undefined && first !== undefined) state.failure = first;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

const kNamed = Symbol('faultline.graphql-named');

/**
 * Names the request's server span for the endpoint and the operation, `POST /graphql query Checkout`:
 * the route (when no framework route named it) is the server's own endpoint if it has one (Yoga's
 * `graphqlEndpoint`), never the request's path (Apollo's standalone server answers any path: one route
 * per path a client makes up), and the span's own end-of-request naming gets the operation appended.
 * Called as each operation starts executing.
 */
export function nameForOperation(operation: OperationFacts, endpoint?: string): void {
  try {
    const server = serverSpan();
    if (server?.isRecording() !== true) return;
    const rpc = getRPCMetadata(context.active());
    const req = requestOfSpan(server);
    if (rpc !== undefined && rpc.route === undefined && endpoint !== undefined) rpc.route = endpoint;
    if (operation.name === undefined) return;
    server.setAttribute('graphql.operation.name', operation.name);
    const marked = server as Span & { [kNamed]?: boolean };
    if (marked[kNamed] === true) return;
    marked[kNamed] = true;
    const updateName = server.updateName;
    const suffix = ` ${operation.type ?? 'operation'} ${operation.name}`;
    server.updateName = (name: string) => updateName.call(server, name.endsWith(suffix) ? name : `${name}${suffix}`);
    server.updateName(req?.method ?? 'POST');
  } catch (internal) {
    reportInternalFailure('naming a GraphQL request', internal);
  }
}

/**
 * Records the resolver errors of one operation's result (errors without a path are the client's), one
 * per kind and at most MAX_RECORDED_ERRORS; the request span counts the rest in `graphql.errors.dropped`.
 */
export function recordGraphqlErrors(errors: readonly GraphqlErrorLike[] | undefined, operation: OperationFacts): void {
  if (errors === undefined || errors.length === 0) return;
  try {
    const server = serverSpan();
    const req = requestOfSpan(server);
    const { chosen, dropped } = errorsToRecord(errors);
    if (dropped > 0) server?.setAttribute('graphql.errors.dropped', dropped);
    // Last to first, so the server span is marked with the first error.
    for (const error of chosen.reverse()) recordOne(error, operation, req);
  } catch (internal) {
    reportInternalFailure('recording GraphQL errors', internal);
  }
}
