// FAULTLINE_ERROR_RESPONSES=framework for Express: the final handler Express itself would build
// (finalhandler, from Express's own dependencies, with the app's env and Express's logerror), behind a
// callback that records what reaches it. Express keeps its final handler private, so it is loaded the
// way Express loads it: required from Express's own directory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { captureFailure } from '../capture/capture';
import { warnOnce } from '../diag';

type Next = (error?: unknown) => void;
type FinalHandler = (req: IncomingMessage, res: ServerResponse, options: { env: unknown; onerror: (error: unknown) => void }) => Next;
interface AppLike { get?: (setting: string) => unknown }

const finalHandlers = new WeakMap<object, FinalHandler>();

/** Called when Express loads: finds its finalhandler through the module that exported `express`. */
export function rememberExpressFinalHandler(express: object): void {
  try {
    const loaded = Object.values(require.cache).find((module) => module?.exports === express);
    if (loaded === undefined) return;
    const finalhandler = createRequire(loaded.filename)('finalhandler') as unknown;
    if (typeof finalhandler === 'function') finalHandlers.set(express, finalhandler as FinalHandler);
  } catch (error) {
    warnOnce('express-finalhandler', 'Express\'s own final handler was not found; Express builds it unrecorded', error);
  }
}

/** Express's logerror: the stack on stderr, except in the `test` env. */
function logError(env: unknown, error: unknown): void {
  if (env === 'test') return;
  const text = error instanceof Error && typeof error.stack === 'string' ? error.stack : String(error);
  process.stderr.write(`${text}\n`);
}

/** Express's own final handler, recording the failure that reaches it; undefined lets Express build it. */
export function expressFinalHandler(express: object, app: AppLike, req: IncomingMessage, res: ServerResponse): Next | undefined {
  const finalhandler = finalHandlers.get(express);
  if (finalhandler === undefined || typeof app.get !== 'function') return undefined;
  const env = app.get('env');
  const done = finalhandler(req, res, { env, onerror: (error) => logError(env, error) });
  return (error?: unknown) => {
    if (error !== undefined && error !== null) captureFailure(error, req, 'express');
    done(error);
  };
}
