// Fastify 4 and 5, through published hooks only: the `fastify.initialization` diagnostics channel hands
// over each new instance, which gets
// - an `onError` hook (Fastify runs it before the error handler, and again when an error handler throws or
//   sends an error): records the error and marks the reply to be rewritten as problem+json, unless an
//   app's own error handler then takes it over;
// - an `onSend` hook: rewrites those replies, and Fastify's default 404, as problem+json / HTML;
// - `setErrorHandler` / `setNotFoundHandler` wrapped on the instance (plugins inherit them), and a route's
//   own `errorHandler` option wrapped by an `onRoute` hook, so an app's own error handler still runs and
//   its response wins, but the error is recorded first, once, and an app's own 404 handler is left alone.
// FAULTLINE_ERROR_RESPONSES=framework leaves Fastify's own error and 404 replies as they are (recorded).
import type { IncomingMessage } from 'node:http';
import { subscribe } from 'node:diagnostics_channel';
import { captureFailure } from '../capture/capture';
import { REPRESENTATION_HEADERS, problemResponse, recordAnswerShown, withheldErrorHeaders } from '../http/respond';
import { requestStateOf } from '../http/request-context';
import { writesProblemResponses } from './final-responses';
import { NotFoundError } from '@faultline/core';

type Done = (error?: Error | null, value?: unknown) => void;
interface FastifyRequest { raw: IncomingMessage; is404?: boolean; headers: Record<string, string | string[] | undefined> }
interface FastifyReply {
  statusCode: number;
  code(status: number): FastifyReply;
  header(name: string, value: string): FastifyReply;
  removeHeader(name: string): FastifyReply;
}
type Handler = (this: unknown, ...args: unknown[]) => unknown;
interface FastifyInstance {
  addHook(name: string, hook: Handler): unknown;
  setErrorHandler: Handler;
  setNotFoundHandler: Handler;
}

const kInstalled = Symbol.for('faultline.fastify-installed');
/** Requests whose reply is Fastify's serialisation of an error: rewritten in onSend. */
const errorReplies = new WeakMap<IncomingMessage, unknown>();
/** Requests answered by an app's own 404 handler: left alone. */
const ownNotFound = new WeakSet<IncomingMessage>();
let notFound: NotFoundError | undefined;

function onError(this: unknown, request: FastifyRequest, _reply: FastifyReply, error: unknown, done: Done): void {
  captureFailure(error, request.raw, 'fastify');
  errorReplies.set(request.raw, error);
  done();
}

function onSend(this: unknown, request: FastifyRequest, reply: FastifyReply, payload: unknown, done: Done): void {
  const raw = request.raw;
  if (!writesProblemResponses()) {
    errorReplies.delete(raw);
    done(null, payload);
    return;
  }
  let error = errorReplies.get(raw);
  if (error === undefined) {
    if (reply.statusCode !== 404 || request.is404 !== true || ownNotFound.has(raw)) {
      done(null, payload);
      return;
    }
    error = notFound ??= new NotFoundError('No route matches this request.');
  }
  errorReplies.delete(raw);
  const accept = request.headers.accept;
  const answer = problemResponse(error, typeof accept === 'string' ? accept : undefined, requestStateOf(raw)?.requestId);
  recordAnswerShown(raw, answer);
  // As for the other frameworks: the app's headers stay except those describing the body it did not
  // finish, and `err.headers` (which Fastify has already applied) only for an exposed 4xx.
  for (const name of REPRESENTATION_HEADERS) reply.removeHeader(name);
  for (const name of withheldErrorHeaders(error, answer.status)) reply.removeHeader(name);
  reply.code(answer.status);
  reply.header('content-type', answer.contentType);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  done(null, answer.body);
}

/** Error handlers that record first: an app's handler wrapped once, whichever way it was given. */
const recordingHandlers = new WeakSet<Handler>();

function recordingFirst(appHandler: Handler): Handler {
  if (recordingHandlers.has(appHandler)) return appHandler;
  const recorded = function (this: unknown, error: unknown, request: FastifyRequest, reply: unknown): unknown {
    captureFailure(error, request.raw, 'fastify');
    // The app answers this one; if it throws or sends an error instead, onError marks the reply again.
    errorReplies.delete(request.raw);
    return appHandler.call(this, error, request, reply);
  };
  recordingHandlers.add(recorded as Handler);
  return recorded as Handler;
}

function wrapSetErrorHandler(original: Handler): Handler {
  return function setErrorHandler(this: unknown, handler: unknown, ...rest: unknown[]): unknown {
    if (typeof handler !== 'function') return original.call(this, handler, ...rest);
    return original.call(this, recordingFirst(handler as Handler), ...rest);
  };
}

/** A route's own `errorHandler` option (`app.get(url, { errorHandler }, handler)`), which setErrorHandler never sees. */
function onRoute(this: unknown, routeOptions: { errorHandler?: unknown }): void {
  try {
    if (typeof routeOptions.errorHandler === 'function') routeOptions.errorHandler = recordingFirst(routeOptions.errorHandler as Handler);
  } catch {
    // Options that cannot take it (frozen): the route keeps its handler, and its failures are recorded by onError.
  }
}

function wrapSetNotFoundHandler(original: Handler): Handler {
  return function setNotFoundHandler(this: unknown, ...args: unknown[]): unknown {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at >= 0) {
      const appHandler = args[at] as Handler;
      args[at] = function (this: unknown, request: FastifyRequest, ...rest: unknown[]): unknown {
        ownNotFound.add(request.raw);
        return appHandler.call(this, request, ...rest);
      };
    }
    return original.apply(this, args);
  };
}

function onInitialization(message: unknown): void {
  const fastify = (message as { fastify?: FastifyInstance }).fastify;
  if (fastify === undefined || (fastify as unknown as Record<symbol, unknown>)[kInstalled] === true) return;
  (fastify as unknown as Record<symbol, unknown>)[kInstalled] = true;
  fastify.addHook('onError', onError as Handler);
  fastify.addHook('onSend', onSend as Handler);
  fastify.addHook('onRoute', onRoute as Handler);
  fastify.setErrorHandler = wrapSetErrorHandler(fastify.setErrorHandler);
  fastify.setNotFoundHandler = wrapSetNotFoundHandler(fastify.setNotFoundHandler);
}

export function installFastifyCapture(): void {
  subscribe('fastify.initialization', onInitialization);
}
