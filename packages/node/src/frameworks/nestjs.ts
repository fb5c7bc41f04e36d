// NestJS 10–12, Express and Fastify platforms. Nest's router proxy catches every handler's, guard's and
// pipe's throw and hands it to its ExceptionsHandler, which runs the app's exception filters or its
// BaseExceptionFilter and answers the request itself, so nothing below it ever sees the error.
// ExceptionsHandler#next is the one place every HTTP failure passes: Faultline records the error there,
// when the response is done, with the status the filter answered (an expected 404 HttpException is
// recorded as a 404, low), and leaves the answer to Nest. Nest publishes no hook for this (its
// exception filters are per app), so the internal file exceptions/exceptions-handler.js is patched,
// loaded through require-in-the-middle (Nest 10–11, CommonJS) or import-in-the-middle (Nest 12, ESM).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureWhenAnswered } from '../capture';

interface ArgumentsHostLike {
  getType?: () => string;
  getArgByIndex(index: number): unknown;
}
type Next = (this: unknown, exception: unknown, host: ArgumentsHostLike) => unknown;
interface ExceptionsHandlerModule { ExceptionsHandler?: { prototype: { next?: Next } } }

const kPatched = Symbol.for('faultline.nest-patched');

/** Express hands Nest node's own req/res; Fastify its request/reply, which carry them as `raw`. */
function rawOf<T>(value: unknown): T | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = (value as { raw?: unknown }).raw;
  return (raw !== null && typeof raw === 'object' ? raw : value) as T;
}

/**
 * Nest's answer to a route that matches nothing (a NotFoundException from its own not-found handler) is a
 * 404, not a failure, as Faultline's own 404 is for the other frameworks: no Express route was matched,
 * or Fastify marked the request a 404.
 */
function isUnmatchedRoute(exception: unknown, request: unknown): boolean {
  const status = (exception as { getStatus?: () => unknown } | null)?.getStatus;
  if (typeof status !== 'function' || status.call(exception) !== 404) return false;
  const fields = request as { is404?: unknown; raw?: unknown; route?: unknown };
  return fields.raw !== undefined ? fields.is404 === true : fields.route === undefined;
}

export function patchNestExceptionsHandler(exports: ExceptionsHandlerModule): void {
  const proto = exports.ExceptionsHandler?.prototype as (ExceptionsHandlerModule['ExceptionsHandler'] & object)['prototype'] & { [kPatched]?: boolean } | undefined;
  const next = proto?.next;
  if (proto === undefined || typeof next !== 'function' || proto[kPatched] === true) return;
  proto[kPatched] = true;
  proto.next = function faultlineNext(this: unknown, exception: unknown, host: ArgumentsHostLike): unknown {
    // HTTP only; the RPC and WebSocket contexts have their own handlers.
    if (host !== null && typeof host === 'object' && (host.getType?.() ?? 'http') === 'http') {
      const request = host.getArgByIndex(0);
      if (request !== null && typeof request === 'object' && !isUnmatchedRoute(exception, request)) {
        captureWhenAnswered(exception, rawOf<IncomingMessage>(request), rawOf<ServerResponse>(host.getArgByIndex(1)), 'nestjs');
      }
    }
    return next.call(this, exception, host);
  };
}
