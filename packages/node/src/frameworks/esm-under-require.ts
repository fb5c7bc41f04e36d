// `--require` installs only the CommonJS hooks: an app whose framework is loaded as an ES module (NestJS
// 12 is ESM-only; an ESM app importing Hono, graphql-yoga or Apollo Server gets their ESM builds) would
// run uninstrumented without a word. A module resolution hook (node:module registerHooks, in this thread)
// watches for those packages and prints one line saying to use --import, then removes itself; it also
// removes itself after start-up (WATCH_MS), so a running app's require() calls do not go through it.
import { registerHooks } from 'node:module';
import type { ResolveHookContext, ResolveFnOutput } from 'node:module';
import { reportInternalFailure } from '../capture/capture';

/** Set by instrument.mjs once it has registered the ESM loader hooks (`--import`). */
const kEsmHooks = Symbol.for('faultline.esm-hooks');

const WATCH_MS = 10_000;

type NextResolve = (specifier: string, context?: Partial<ResolveHookContext>) => ResolveFnOutput;

/** The line printed (exported for the test that checks it). */
export function esmUnderRequireLine(name: string): string {
  return `faultline: ${name} is loaded as an ES module, which --require cannot instrument; start the app with \`node --import @faultline/node/instrument\` instead\n`;
}

export function warnEsmUnderRequire(packages: readonly string[]): void {
  if ((globalThis as { [kEsmHooks]?: boolean })[kEsmHooks] === true || typeof registerHooks !== 'function') return;
  const watched = new Set(packages);
  let hooks: { deregister(): void } | undefined;
  try {
    hooks = registerHooks({
      resolve(specifier: string, context: ResolveHookContext, nextResolve: NextResolve): ResolveFnOutput {
        const result = nextResolve(specifier, context);
        if (hooks !== undefined && watched.has(specifier) && result.format === 'module') {
          hooks.deregister();
          hooks = undefined;
          process.stderr.write(esmUnderRequireLine(specifier));
        }
        return result;
      },
    });
    setTimeout(() => {
      hooks?.deregister();
      hooks = undefined;
    }, WATCH_MS).unref();
  } catch (error) {
    reportInternalFailure('watching for ES module frameworks', error);
  }
}
