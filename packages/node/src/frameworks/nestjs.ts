// NestJS 10–12, Express and Fastify platforms. Nest's router proxy catches every handler's, guard's and
// pipe's throw and hands it to its ExceptionsHandler, which runs the app's exception filters or its
// BaseExceptionFilter and answers the request itself, so nothing below it ever sees the error.
// Faultline records the error when the response is done, with the status the filter answered (an
// expected 404 HttpException is recorded as a 404, low), and leaves the answer to Nest. Nest publishes no
// hook for this (exception filters are per app), so:
// - CommonJS (Nest 10–11): the internal exceptions/exceptions-handler.js is patched, ExceptionsHandler#next,
//   the one method every HTTP failure passes, the app's own filters included;
// - ESM (Nest 12): import-in-the-middle sees only modules imported by name, so the main module's
//   BaseExceptionFilter#catch (Nest's default answer, and filters that extend it) and
//   `selectExceptionFilterMetadata` of '@nestjs/common/internal' (which hands ExceptionsHandler the app's
//   own filter for an exception) are patched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureWhenAnswered, reportInternalFailure } from '../capture/capture';
import { replaceExport } from './replace-export';

interface ArgumentsHostLike {
  getType?: () => string;
  getArgByIndex(index: number): unknown;
}
type Method = (this: unknown, exception: unknown, host: ArgumentsHostLike) => unknown;
type Proto = Record<string, unknown> & { [kPatched]?: boolean };
/** The internal exceptions-handler.js (CommonJS), or the main module (either). */
interface NestCoreModule {
  ExceptionsHandler?: { prototype: Proto };
  BaseExceptionFilter?: { prototype: Proto };
}

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

/** Never throws: it runs before Nest's handler, which must answer whatever happens here (the app's getStatus included). */
function record(exception: unknown, host: ArgumentsHostLike): void {
  try {
    // HTTP only; the RPC and WebSocket contexts have their own handlers.
    if (host === null || typeof host !== 'object' || typeof host.getArgByIndex !== 'function') return;
    if ((host.getType?.() ?? 'http') !== 'http') return;
    const request = host.getArgByIndex(0);
    if (request === null || typeof request !== 'object' || isUnmatchedRoute(exception, request)) return;
    // Once per request whichever of the two patched methods sees it first (captureWhenAnswered dedupes).
    captureWhenAnswered(exception, rawOf<IncomingMessage>(request), rawOf<ServerResponse>(host.getArgByIndex(1)), 'nestjs');
  } catch (internal) {
    reportInternalFailure('recording a NestJS exception', internal);
  }
}

function patchMethod(proto: Proto | undefined, name: string): void {
  const original = proto?.[name];
  if (proto === undefined || typeof original !== 'function' || Object.prototype.hasOwnProperty.call(proto, kPatched)) return;
  Object.defineProperty(proto, kPatched, { value: true });
  proto[name] = function faultlineNestCapture(this: unknown, exception: unknown, host: ArgumentsHostLike): unknown {
    record(exception, host);
    return (original as Method).call(this, exception, host);
  };
}

type SelectFilter = (filters: unknown, exception: unknown) => { func?: Method } | undefined;

/** Nest 12's '@nestjs/common/internal': the app's filter it picks is wrapped to record first. */
export function patchNestCommonInternal(exports: { selectExceptionFilterMetadata?: SelectFilter }): void {
  const select = exports.selectExceptionFilterMetadata as SelectFilter & { [kPatched]?: boolean } | undefined;
  if (typeof select !== 'function' || select[kPatched] === true) return;
  const wrapped: SelectFilter = (filters, exception) => {
    const chosen = select(filters, exception);
    const func = chosen?.func;
    if (chosen === undefined || chosen === null || typeof func !== 'function') return chosen;
    return { ...chosen, func: (thrown: unknown, host: ArgumentsHostLike) => {
      record(thrown, host);
      return func(thrown, host);
    } };
  };
  Object.defineProperty(wrapped, kPatched, { value: true });
  replaceExport(exports, 'selectExceptionFilterMetadata', wrapped);
}

export function patchNestCore(exports: NestCoreModule): void {
  patchMethod(exports.ExceptionsHandler?.prototype, 'next');
  patchMethod(exports.BaseExceptionFilter?.prototype, 'catch');
}
