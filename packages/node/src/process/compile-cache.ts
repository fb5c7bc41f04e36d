// Node's module compile cache (module.enableCompileCache, Node >= 22.8) for the preload: a start after
// the first reads the compiled code of the ~270 modules the preload loads (and the app's own) from disk
// instead of compiling them again. Loaded first by both entries, before anything heavy, so it reads
// FAULTLINE_COMPILE_CACHE itself through its settings row (config.ts would load @faultline/core first).
// Never throws: an unwritable directory or an older runtime only means no cache.
import { mkdirSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvValue } from '../setting-parsers';
import type { SettingDefinition } from '../setting-parsers';

export const COMPILE_CACHE_SETTING: SettingDefinition<'compileCache'> = {
  key: 'compileCache',
  env: 'FAULTLINE_COMPILE_CACHE',
  type: 'boolean',
  default: true,
  description: 'Turn on Node\'s module compile cache for the process (its code compiled once, kept in `NODE_COMPILE_CACHE` if set, else `<os tmpdir>/faultline-compile-cache-<uid>`, used only if this user owns it and no one else can write to it; Node checks each entry against the source). `false` leaves compilation as Node does it by default. Node\'s `NODE_DISABLE_COMPILE_CACHE=1` and `OTEL_SDK_DISABLED=true` also leave it off.',
};

/** A boolean setting as its row parses it; a bad value keeps the default (loadConfig reports it). */
function flag(setting: SettingDefinition, env: NodeJS.ProcessEnv): boolean {
  const raw = env[setting.env];
  const parsed = raw === undefined || raw.trim() === '' ? undefined : parseEnvValue(setting, raw);
  return parsed?.ok ? parsed.value === true : setting.default === true;
}

/** On by default; off with FAULTLINE_COMPILE_CACHE=false, and with OTEL_SDK_DISABLED=true (everything off). */
export function compileCacheWanted(env: NodeJS.ProcessEnv): boolean {
  return flag(COMPILE_CACHE_SETTING, env) && !flag({ ...COMPILE_CACHE_SETTING, env: 'OTEL_SDK_DISABLED', default: false }, env);
}

const FLUSH_AFTER_MS = 2000;

/**
 * The default directory, in the shared temp folder: used only when this user owns it and no one else may
 * write to it, since code read from it runs in the app (another local user must not be able to plant it).
 */
export function privateTempDirectory(base = tmpdir()): string | undefined {
  const uid = process.getuid?.();
  const directory = join(base, uid === undefined ? 'faultline-compile-cache' : `faultline-compile-cache-${uid}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stats = statSync(directory);
  const owned = uid === undefined || stats.uid === uid;
  return owned && (stats.mode & 0o022) === 0 ? directory : undefined;
}

function flush(): void {
  try {
    nodeModule.flushCompileCache();
  } catch {
    // Not written now; Node tries again at exit.
  }
}

/** Turns the cache on; true when it is on (already or now). */
// eslint-disable-next-line no-restricted-properties -- read before config.ts can load (see the top).
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    if (!compileCacheWanted(env)) return false;
    const directory = env.NODE_COMPILE_CACHE || privateTempDirectory();
    if (directory === undefined) return false;
    const { status } = nodeModule.enableCompileCache(directory);
    const on = status === nodeModule.constants.compileCacheStatus.ENABLED
      || status === nodeModule.constants.compileCacheStatus.ALREADY_ENABLED;
    // Node writes the cache at exit (process.exit and the preload's SIGTERM handling included). A process
    // killed outright never exits, so write it once a while after start-up too: later than the first
    // answer, since a first start's write takes 100-200 ms.
    if (on) setTimeout(flush, FLUSH_AFTER_MS).unref();
    return on;
  } catch {
    return false;
  }
}
