// `node --require @faultline/node/instrument app.js` (and, through instrument.mjs, `--import`).
// Side effects only: read the config, start the SDK, hook shutdown and process-level failures, install
// framework capture. Never throws into the host: if start-up fails the app still starts, uninstrumented,
// with one line on stderr saying so.
// First, so that everything after it is compiled once and then read from Node's compile cache.
import { enableCompileCache } from './process/compile-cache';
enableCompileCache();
import { createRedactor } from '@faultline/core';
import { isMainThread } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { loadConfig } from './config';
import { warnOnce } from './diag';
import { installFrameworkCapture } from './frameworks/install';
import { installLifecycleHandlers } from './process/lifecycle';
import { installProcessHandlers } from './process/process-handlers';
import { keepTickObjectShape } from './process/tick-object-shape';
import { installMicrotaskContext } from './tasks/microtask-context';
import { setRuntime } from './runtime';
import { startSdk } from './sdk/sdk';
import { setSdkLifecycle } from './process/shutdown';
import { unsupportedRuntime } from './supported-runtime';

// One start per process, even if the preload is given twice or loaded as two copies.
const STARTED = Symbol.for('faultline.instrument.started');

function start(): void {
  const host = globalThis as { [STARTED]?: boolean };
  // Worker threads inherit the preload flag (execArgv); the main thread's SDK covers the process, and a
  // second SDK per worker (the logger's transport thread among them) would only add cost and noise.
  if (host[STARTED] || !isMainThread) return;
  host[STARTED] = true;
  try {
    const unsupported = unsupportedRuntime(process.versions.node);
    if (unsupported !== undefined) throw new Error(unsupported);
    const config = loadConfig();
    if (config.sdkDisabled) return;
    keepTickObjectShape();
    const redactor = createRedactor();
    const sdk = startSdk(config, redactor);
    // After the SDK set up diag from OTEL_LOG_LEVEL, so these warnings can be seen.
    for (const warning of config.warnings) warnOnce(`config:${warning}`, warning);
    setSdkLifecycle(sdk);
    setRuntime({ config, redactor, sdkStarted: true, errorBufferStats: sdk.errorBufferStats, exportStats: sdk.exportStats });
    installLifecycleHandlers(config.shutdownTimeoutMs);
    installProcessHandlers(config, redactor);
    installMicrotaskContext();
    installFrameworkCapture({ config, redactor });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The stderr line is for everyone; diag (when enabled) gets the error itself, with its stack.
    diag.error('faultline: start-up failed', error);
    try {
      process.stderr.write(`faultline: not instrumented: ${reason}\n`);
    } catch {
      // Nothing else to tell; the app starts regardless.
    }
  }
}

start();
