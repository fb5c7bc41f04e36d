// Hono 4 on @hono/node-server. Hono catches every handler's and middleware's throw and hands it to the
// app's error handler (`app.onError`, else its default), which answers; nothing below sees the error.
// Hono publishes no hook for it and keeps the handler as an instance field, so the `Hono` export of
// 'hono' (through require-in-the-middle or import-in-the-middle) is replaced by a subclass whose
// instances hand out their error handler wrapped: the error is recorded through captureFailure when
// the response is done, with the status the handler answered, and the handler's answer is sent as is.
// The router's `match` is wrapped too, so the server span is named for the matched route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureWhenAnswered, reportInternalFailure } from '../capture/capture';
import { setRequestRoute } from './express-spans';
import { replaceExport } from './replace-export';

type ErrorHandler = (error: unknown, c: HonoContext) => unknown;
interface HonoContext { env?: { incoming?: IncomingMessage; outgoing?: ServerResponse }; req?: { routePath?: string } }
type HonoClass = new (...args: unknown[]) => { errorHandler: ErrorHandler; route(path: string, app: unknown): unknown };
interface HonoModule { Hono?: HonoClass }

const kPatched = Symbol.for('faultline.hono-patched');
const kMounting = Symbol('faultline.hono-mounting');
const kInstrumented = Symbol('faultline.hono-instrumented');
const wrappers = new WeakMap<ErrorHandler, ErrorHandler>();
const originals = new WeakMap<ErrorHandler, ErrorHandler>();

/** The app's own handler behind one of Faultline's wrappers. */
function unwrap(handler: ErrorHandler): ErrorHandler {
  return originals.get(handler) ?? handler;
}

function recorded(handler: ErrorHandler): ErrorHandler {
  let wrapper = wrappers.get(handler);
  if (wrapper === undefined) {
    wrapper = function faultlineHonoError(this: unknown, error: unknown, c: HonoContext): unknown {
      try {
        const route = c?.req?.routePath;
        // Names the server span for the route, as Express's router does (`GET /orders/:id`).
        if (typeof route === 'string' && route !== '/*') setRequestRoute(route);
        captureWhenAnswered(error, c?.env?.incoming, c?.env?.outgoing, 'hono');
      } catch (internal) {
        // The app's handler answers whatever happened here (c.req's getters are Hono's and the app's).
        reportInternalFailure('recording a Hono error', internal);
      }
      return handler.call(this, error, c);
    };
    wrappers.set(handler, wrapper);
    originals.set(wrapper, handler);
  }
  return wrapper;
}

type Match = (this: unknown, method: string, path: string) => unknown;
/** Hono's match result: entries of [[handler, route], params], the route's handler last. */
type MatchResult = [[[unknown, { path?: unknown }], unknown][], ...unknown[]];
const namingMatches = new WeakMap<Match, Match>();
/** Routers already naming (a basePath copy shares its parent's router). */
const namingRouters = new WeakSet<object>();

/** Names the server span for the route the request matched (`GET /orders/:id`), success or failure. */
function naming(match: Match): Match {
  let wrapper = namingMatches.get(match);
  if (wrapper === undefined) {
    wrapper = function faultlineHonoMatch(this: unknown, method: string, path: string): unknown {
      const result = match.call(this, method, path) as MatchResult | undefined;
      try {
        const route = result?.[0]?.at(-1)?.[0]?.[1]?.path;
        if (typeof route === 'string' && route !== '/*' && route !== '*') setRequestRoute(route);
      } catch (internal) {
        reportInternalFailure('naming a Hono route', internal);
      }
      return result;
    };
    namingMatches.set(match, wrapper);
  }
  return wrapper;
}

/**
 * The router's `match` handed out wrapped; an accessor, because Hono's SmartRouter replaces its own
 * `match` with the router it picked on the first request.
 */
function nameRoutes(router: { match?: unknown } | undefined): void {
  let current = router?.match;
  if (router === undefined || typeof current !== 'function' || namingRouters.has(router)) return;
  namingRouters.add(router);
  Object.defineProperty(router, 'match', {
    get: () => (typeof current === 'function' ? naming(current as Match) : current),
    set: (value: unknown) => {
      current = value;
    },
    enumerable: true,
    configurable: true,
  });
}

type HonoApp = Record<string | symbol, unknown> & { errorHandler: ErrorHandler; router?: { match?: unknown } };
type Mount = (this: unknown, path: string, app: unknown) => unknown;
type BasePath = (this: unknown, path: string) => unknown;

/** Mounts `app` while it hands out its raw error handler, which Hono compares with its default. */
function mounting(app: unknown, mount: () => unknown): unknown {
  const child = app as Record<symbol, unknown> | null;
  if (child !== null && typeof child === 'object') child[kMounting] = true;
  try {
    return mount();
  } finally {
    if (child !== null && typeof child === 'object') delete child[kMounting];
  }
}

/** The app hands out its error handler wrapped, and stores the app's own (never a wrapper: basePath copies it). */
function instrument(app: HonoApp): void {
  nameRoutes(app.router);
  let handler = unwrap(app.errorHandler);
  Object.defineProperty(app, 'errorHandler', {
    get: (): ErrorHandler => (app[kMounting] === true || typeof handler !== 'function' ? handler : recorded(handler)),
    set: (value: ErrorHandler) => {
      handler = unwrap(value);
    },
    enumerable: true,
    configurable: true,
  });
}

/**
 * `basePath()` answers a copy made by Hono's own class, not the subclass: the copy is instrumented, and
 * its own `route` and `basePath` mount and copy as the subclass's do.
 */
function instrumentCopy(copy: unknown): unknown {
  if (copy === null || typeof copy !== 'object' || (copy as Record<symbol, unknown>)[kInstrumented] === true) return copy;
  const app = copy as HonoApp;
  Object.defineProperty(app, kInstrumented, { value: true });
  instrument(app);
  const route = app.route as Mount | undefined;
  const basePath = app.basePath as BasePath | undefined;
  if (typeof route === 'function') app.route = function faultlineHonoRoute(this: unknown, path: string, child: unknown) { return mounting(child, () => route.call(this, path, child)); };
  if (typeof basePath === 'function') app.basePath = function faultlineHonoBasePath(this: unknown, path: string) { return instrumentCopy(basePath.call(this, path)); };
  return app;
}

export function patchHono(exports: HonoModule): void {
  const Original = exports.Hono as HonoClass & { [kPatched]?: boolean } | undefined;
  if (typeof Original !== 'function' || Original[kPatched] === true) return;
  const base = (Original.prototype as { basePath?: BasePath }).basePath;
  class Hono extends Original {
    constructor(...args: unknown[]) {
      super(...args);
      Object.defineProperty(this, kInstrumented, { value: true });
      instrument(this as unknown as HonoApp);
    }
    override route(path: string, app: unknown): unknown {
      return mounting(app, () => super.route(path, app));
    }
    basePath(path: string): unknown {
      return typeof base === 'function' ? instrumentCopy(base.call(this, path)) : undefined;
    }
  }
  Object.defineProperty(Hono, kPatched, { value: true });
  replaceExport(exports, 'Hono', Hono);
}
