// The public surface of @faultline/node: named exports only.
export {};
export { getRequestId } from './request-context';
export { flushTelemetry, registerFlush } from './shutdown';
export type { Flush } from './shutdown';
export { getRuntime } from './runtime';
export type { Runtime } from './runtime';
export { SETTINGS, loadConfig } from './config';
export type { FaultlineConfig, FaultlineOptions } from './config';
