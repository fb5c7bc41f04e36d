// `node --import @faultline/node/instrument app.mjs`: registers the ESM loader hook that OpenTelemetry's
// instrumentations need (import-in-the-middle), then starts the same SDK as the CommonJS preload.
// Only modules an instrumentation asked for are wrapped (import-in-the-middle's message channel), so the
// rest of the app's ESM graph loads untouched.
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { loadConfig } = require('./dist/config.js');

let waitForHooks;
let disabled = false;
try {
  disabled = loadConfig().sdkDisabled;
} catch {
  // A broken config is reported by the CommonJS entry below; instrument as best we can.
}
// Worker threads inherit the flag; the main thread's SDK covers the process (see dist/instrument.js).
if (!disabled && isMainThread) {
  try {
    const { createAddHookMessageChannel } = require('import-in-the-middle');
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, registerOptions);
    waitForHooks = waitForAllMessagesAcknowledged;
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
