// Hono 4 on @hono/node-server. Hono catches every handler's and middleware's throw and hands it to the
// app's error handler (`app.onError`, else its default), which answers; nothing below sees the error.
// Hono publishes no hook for it and keeps the handler as an instance field, so the `Hono` export of
// 'hono' (through require-in-the-middle or import-in-the-middle) is replaced by a subclass whose
// instances hand out their error handler wrapped: the error is recorded through captureFailure when
// the response is done, with the status the handler answered, and the handler's answer is sent as is.
// The router's `match` is wrapped too, so the server span is named for the matched route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureWhenAnswered } from '../capture/capture';
import { setRequestRoute } from './express-spans';
import { replaceExport } from './replace-export';

type ErrorHandler = (error: unknown, c: HonoContext) => unknown;
interface HonoContext { env?: { incoming?: IncomingMessage; outgoing?: ServerResponse }; req?: { routePath?: string } }
type HonoClass = new (...args: unknown[]) => { errorHandler: ErrorHandler; route(path: string, app: unknown): unknown };
interface HonoModule { Hono?: HonoClass }

const kPatched = Symbol.for('faultline.hono-patched');
const kMounting = Symbol('faultline.hono-mounting');
const wrappers = new WeakMap<ErrorHandler, ErrorHandler>();

function recorded(handler: ErrorHandler): ErrorHandler {
  let wrapper = wrappers.get(handler);
  if (wrapper === undefined) {
    wrapper = function faultlineHonoError(this: unknown, error: unknown, c: HonoContext): unknown {
      const route = c?.req?.routePath;
      // Names the server span for the route, as Express's router does (`GET /orders/:id`).
      if (typeof route === 'string' && route !== '/*') setRequestRoute(route);
      captureWhenAnswered(error, c?.env?.incoming, c?.env?.outgoing, 'hono');
      return handler.call(this, error, c);
    };
    wrappers.set(handler, wrapper);
  }
  return wrapper;
}

type Match = (this: unknown, method: string, path: string) => unknown;
/** Hono's match result: entries of [[handler, route], params], the route's handler last. */
type MatchResult = [[[unknown, { path?: unknown }], unknown][], ...unknown[]];
const namingMatches = new WeakMap<Match, Match>();

/** Names the server span for the route the request matched (`GET /orders/:id`), success or failure. */
function naming(match: Match): Match {
  let wrapper = namingMatches.get(match);
  if (wrapper === undefined) {
    wrapper = function faultlineHonoMatch(this: unknown, method: string, path: string): unknown {
      const result = match.call(this, method, path) as MatchResult | undefined;
      const route = result?.[0]?.at(-1)?.[0]?.[1]?.path;
      if (typeof route === 'string' && route !== '/*' && route !== '*') setRequestRoute(route);
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
  if (router === undefined || typeof current !== 'function') return;
  Object.defineProperty(router, 'match', {
    get: () => (typeof current === 'function' ? naming(current as Match) : current),
    set: (value: unknown) => {
      current = value;
    },
    enumerable: true,
    configurable: true,
  });
}

export function patchHono(exports: HonoModule): void {
  const Original = exports.Hono as HonoClass & { [kPatched]?: boolean } | undefined;
  if (typeof Original !== 'function' || Original[kPatched] === true) return;
  class Hono extends Original {
    constructor(...args: unknown[]) {
      super(...args);
      nameRoutes((this as { router?: { match?: unknown } }).router);
      let handler = this.errorHandler;
      Object.defineProperty(this, 'errorHandler', {
        // While a parent mounts this app, Hono compares the raw handler with its default: it gets it.
        get: (): ErrorHandler => ((this as Record<symbol, unknown>)[kMounting] === true || typeof handler !== 'function' ? handler : recorded(handler)),
        set: (value: ErrorHandler) => {
          handler = value;
        },
        enumerable: true,
        configurable: true,
      });
    }
    override route(path: string, app: unknown): unknown {
      const child = app as Record<symbol, unknown> | null;
      if (child !== null && typeof child === 'object') child[kMounting] = true;
      try {
        return super.route(path, app);
      } finally {
        if (child !== null && typeof child === 'object') delete child[kMounting];
      }
    }
  }
  Object.defineProperty(Hono, kPatched, { value: true });
  replaceExport(exports, 'Hono', Hono);
}
