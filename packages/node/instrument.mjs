// `node --import @faultline/node/instrument app.mjs`: registers the ESM loader hook that OpenTelemetry's
// instrumentations need (import-in-the-middle), then starts the same SDK as the CommonJS preload.
// Only modules an instrumentation asked for are wrapped (import-in-the-middle's message channel), so the
// rest of the app's ESM graph loads untouched. Where the runtime's `module.registerHooks()` can run
// import-in-the-middle's loader (Node >= 22.22.3, 24.11.1, 26) the hooks run in this thread; elsewhere they
// fall back to `module.register()`, which Node 26 deprecates (DEP0205).
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const require = createRequire(import.meta.url);
// First, so that what follows is read from Node's compile cache after the first start.
require('./dist/process/compile-cache.js').enableCompileCache();
const { loadConfig } = require('./dist/config.js');

let waitForHooks;
let disabled = false;
try {
  disabled = loadConfig().sdkDisabled;
} catch {
  // A broken config is reported by the CommonJS entry below; instrument as best we can.
}

/** The in-thread loader, or false where this runtime cannot run it. */
async function syncRegister(fromInstrumentation) {
  const url = (path) => pathToFileURL(fromInstrumentation.resolve(path)).href;
  const { supportsSyncHooks } = await import(url('import-in-the-middle/supports-sync-hooks.mjs'));
  if (!supportsSyncHooks()) return false;
  return (await import(url('import-in-the-middle/register-hooks.mjs'))).register;
}

// Worker threads inherit the flag; the main thread's SDK covers the process (see dist/instrument.js).
if (!disabled && isMainThread) {
  try {
    // The instrumentations' own copy of import-in-the-middle: their Hook() calls must reach this loader.
    const fromInstrumentation = createRequire(require.resolve('@opentelemetry/instrumentation'));
    const { createAddHookMessageChannel } = fromInstrumentation('import-in-the-middle');
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    const registerInThread = await syncRegister(fromInstrumentation);
    if (registerInThread) registerInThread(registerOptions.data);
    else register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, registerOptions);
    waitForHooks = waitForAllMessagesAcknowledged;
    // Tells the CommonJS entry that ES modules are instrumented (frameworks/esm-under-require.ts).
    globalThis[Symbol.for('faultline.esm-hooks')] = true;
  } catch (error) {
    process.stderr.write(`faultline: ESM modules not instrumented: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

require('./dist/instrument.js');

// Bounded: a loader that never acknowledges must not hold the app back (modules would go uninstrumented).
if (waitForHooks) {
  let timer;
  await Promise.race([waitForHooks(), new Promise((resolve) => { timer = setTimeout(resolve, 5000); })]);
  clearTimeout(timer);
}
