// Koa 2. Koa already turns a middleware's throw or rejection into `ctx.onerror(err)`, and publishes every
// failure as the application's 'error' event; Faultline uses both, patching only Application#callback
// (the one place that sees each app before it serves):
// - a listener on the app's 'error' event records failures, including those the app's own error
//   middleware answers and re-emits (the Koa idiom); being a listener, it also keeps Koa from adding its
//   default logger, which prints the unredacted stack to stderr;
// - unless the app installed its own `app.context.onerror`, Faultline's answers with problem+json (Koa's
//   default writes the error message as text/plain);
// - a first middleware turns Koa's bare "Not Found" into a problem 404 when nothing set a body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureFailure } from '../capture';
import { sendNotFound, sendProblem } from '../respond';

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  app: KoaApp;
  body: unknown;
  status: number;
  headerSent: boolean;
  writable: boolean;
  respond?: boolean;
}
interface KoaApp {
  context: object;
  middleware: unknown[];
  on(event: 'error', listener: (error: unknown, ctx?: KoaContext) => void): unknown;
  emit(event: 'error', error: unknown, ctx: KoaContext): boolean;
}
type KoaClass = { prototype: { callback?: (...args: unknown[]) => unknown } };

const kPatched = Symbol.for('faultline.koa-patched');
const kAppInstalled = Symbol.for('faultline.koa-installed');

function onAppError(error: unknown, ctx?: KoaContext): void {
  captureFailure(error, ctx?.req, 'koa');
}

function asError(error: unknown): unknown {
  // Koa's own rule: a non-Error thrown value becomes an Error before anyone sees it.
  const isError = Object.prototype.toString.call(error) === '[object Error]' || error instanceof Error;
  return isError ? error : new Error(`non-error thrown: ${typeof error}`);
}

function onerror(this: KoaContext, thrown: unknown): void {
  if (thrown === null || thrown === undefined) return;
  captureFailure(thrown, this.req, 'koa');
  const error = asError(thrown);
  const headerSent = this.headerSent || !this.writable;
  if (headerSent) (error as { headerSent?: boolean }).headerSent = true;
  this.app.emit('error', error, this);
  if (this.res.writableEnded) return;
  sendProblem(this.req, this.res, error);
}

async function notFoundProblem(ctx: KoaContext, next: () => Promise<unknown>): Promise<void> {
  await next();
  if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent) {
    ctx.respond = false;
    sendNotFound(ctx.req, ctx.res);
  }
}

/** Once per app; returns false when it was already done. */
function install(app: KoaApp): boolean {
  const marked = app as KoaApp & { [kAppInstalled]?: boolean };
  if (marked[kAppInstalled] === true) return false;
  marked[kAppInstalled] = true;
  if (!Object.prototype.hasOwnProperty.call(app.context, 'onerror')) {
    Object.defineProperty(app.context, 'onerror', { value: onerror, writable: true, configurable: true });
  }
  app.middleware.unshift(notFoundProblem);
  return true;
}

export function patchKoa(Koa: KoaClass): void {
  const proto = Koa.prototype as KoaClass['prototype'] & { [kPatched]?: boolean };
  const callback = proto.callback;
  if (typeof callback !== 'function' || proto[kPatched] === true) return;
  proto[kPatched] = true;
  proto.callback = function faultlineCallback(this: KoaApp, ...args: unknown[]): unknown {
    // Before Koa's own check: an app without 'error' listeners would otherwise get Koa's default
    // `app.onerror`, which prints the raw stack (secrets and all) to stderr; Faultline's failure record
    // is the redacted one.
    if (install(this)) this.on('error', onAppError);
    return callback.apply(this, args);
  };
}
