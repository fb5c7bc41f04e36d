// Koa 2 and 3. Koa already turns a middleware's throw or rejection into `ctx.onerror(err)`, and publishes
// every failure as the application's 'error' event; Faultline uses both, patching Application#callback
// (the one place that sees each app before it serves) and, when the OpenTelemetry Koa instrumentation
// wrapped it, Application#use (koa-use-guard.ts):
// - a listener on the app's 'error' event records failures, including those the app's own error
//   middleware answers and re-emits (the Koa idiom). With problem responses it is added before Koa's own
//   check, so Koa does not add its default logger (which prints the unredacted stack to stderr); with
//   FAULTLINE_ERROR_RESPONSES=framework after it, so Koa's logging stays;
// - unless the app installed its own `app.context.onerror`, Faultline's answers with problem+json, with
//   the status, `err.status` and 'error' event Koa's own would give (framework mode: Koa's own answers);
// - a first middleware turns Koa's bare "Not Found" into a problem 404 when the app set neither a status
//   nor a body (an explicit `ctx.status = 404` or `ctx.body = null` is the app's answer).
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { format } from 'node:util';
import { captureFailure, captureWhenAnswered } from '../capture/capture';
import { guarded } from '../diag';
import { sendNotFound, sendProblem } from '../http/respond';
import { writesProblemResponses } from './final-responses';
import { guardInstrumentedUse } from './koa-use-guard';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  app: KoaApp;
  body: unknown;
  status: number;
  headerSent: boolean;
  writable: boolean;
  respond?: boolean;
  response?: { _explicitStatus?: boolean; _explicitNullBody?: boolean };
}
interface KoaApp {
  context: object;
  middleware: unknown[];
  on(event: 'error', listener: (error: unknown, ctx?: KoaContext) => void): unknown;
  emit(event: 'error', error: unknown, ctx: KoaContext): boolean;
}
type KoaClass = { prototype: { callback?: (...args: unknown[]) => unknown; use?: unknown } };
type Onerror = (this: KoaContext, thrown: unknown) => void;

const kPatched = Symbol.for('faultline.koa-patched');
const kAppInstalled = Symbol.for('faultline.koa-installed');

function onAppError(error: unknown, ctx?: KoaContext): void {
  // Koa's own onerror has recorded it already; this is the app's own answer, re-emitted (the Koa idiom).
  captureWhenAnswered(error, ctx?.req, ctx?.res, 'koa');
}

/** Koa's own rule: a non-Error thrown value becomes an Error (with its JSON text) before anyone sees it. */
function asError(error: unknown): Error {
  const isError = Object.prototype.toString.call(error) === '[object Error]' || error instanceof Error;
  return isError ? (error as Error) : new Error(format('non-error thrown: %j', error));
}

/** The status Koa's own onerror answers with: `status`, else `statusCode`; Koa 2 reads ENOENT as 404. */
function koaStatus(error: Error, enoentIsNotFound: boolean): number {
  const fields = error as Error & { status?: unknown; statusCode?: unknown; code?: unknown };
  let status = fields.status || fields.statusCode;
  if (enoentIsNotFound && fields.code === 'ENOENT') status = 404;
  return typeof status === 'number' && STATUS_CODES[status] !== undefined ? status : 500;
}

function createOnerror(enoentIsNotFound: boolean, koaOnerror: Onerror | undefined): Onerror {
  return function onerror(this: KoaContext, thrown: unknown): void {
    if (thrown === null || thrown === undefined) return;
    captureFailure(thrown, this.req, 'koa');
    if (!writesProblemResponses() && koaOnerror !== undefined) return koaOnerror.call(this, thrown);
    const error = asError(thrown);
    const headerSent = this.headerSent || !this.writable;
    if (headerSent) (error as { headerSent?: boolean }).headerSent = true;
    this.app.emit('error', error, this);
    if (headerSent) return;
    const status = koaStatus(error, enoentIsNotFound);
    try {
      (error as { status?: number }).status = status;
    } catch {
      // A frozen error keeps its own fields.
    }
    // As Koa does: the headers the app set were for the answer it did not finish.
    if (typeof this.res.getHeaderNames === 'function') for (const name of this.res.getHeaderNames()) this.res.removeHeader(name);
    sendProblem(this.req, this.res, error, status >= 400 && status <= 599 ? status : 500);
  };
}

async function notFoundProblem(ctx: KoaContext, next: () => Promise<unknown>): Promise<void> {
  await next();
  if (ctx.status !== 404 || ctx.body != null || ctx.respond === false || ctx.headerSent || !writesProblemResponses()) return;
  if (ctx.response?._explicitStatus === true || ctx.response?._explicitNullBody === true) return;
  ctx.respond = false;
  sendNotFound(ctx.req, ctx.res);
}

/** Once per app; returns false when it was already done. */
function install(app: KoaApp, enoentIsNotFound: boolean): boolean {
  const marked = app as KoaApp & { [kAppInstalled]?: boolean };
  if (marked[kAppInstalled] === true) return false;
  marked[kAppInstalled] = true;
  if (!Object.prototype.hasOwnProperty.call(app.context, 'onerror')) {
    const koaOnerror = (app.context as { onerror?: Onerror }).onerror;
    const value = createOnerror(enoentIsNotFound, typeof koaOnerror === 'function' ? koaOnerror : undefined);
    Object.defineProperty(app.context, 'onerror', { value, writable: true, configurable: true });
  }
  if (writesProblemResponses()) app.middleware.unshift(notFoundProblem);
  return true;
}

export function patchKoa(Koa: KoaClass, version?: string): void {
  const proto = Koa.prototype as KoaClass['prototype'] & { [kPatched]?: boolean };
  const callback = proto.callback;
  if (typeof callback !== 'function' || proto[kPatched] === true) return;
  proto[kPatched] = true;
  const enoentIsNotFound = version === undefined || version.startsWith('2.');
  proto.callback = function faultlineCallback(this: KoaApp, ...args: unknown[]): unknown {
    // An app of an unexpected shape (frozen context, no middleware array): Koa serves it on its own.
    const first = guarded('hooking a Koa app', false, () => install(this, enoentIsNotFound));
    // Before Koa's own check, an app without 'error' listeners does not get Koa's default
    // `app.onerror`, which prints the raw stack (secrets and all) to stderr; Faultline's failure record
    // is the redacted one. Framework mode keeps Koa's logger.
    const problems = writesProblemResponses();
    if (first && problems) this.on('error', onAppError);
    const handler = callback.apply(this, args);
    if (first && !problems) this.on('error', onAppError);
    return handler;
  };
  guardInstrumentedUse(proto);
}
