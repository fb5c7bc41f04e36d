// The public surface of @faultline/node: named exports only.
export {};
export { getRequestId } from './request-context';
export { flushTelemetry, registerFlush } from './shutdown';
export type { Flush } from './shutdown';
export { getRuntime } from './runtime';
export type { Runtime } from './runtime';
export { SETTINGS, loadConfig } from './config';
export type { FaultlineConfig, FaultlineOptions } from './config';
export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { faultlinePinoOptions } from './log-options';
export type { FaultlinePinoOptions, FaultlinePinoOptionsInput } from './log-options';
export type { SerializedError } from './log-serializers';
export { hashIdentifier, securityEvent } from './security-event';
export type { SecurityEventLevel, SecurityEventOptions } from './security-event';
