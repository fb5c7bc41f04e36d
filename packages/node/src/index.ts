// The public surface of @faultline/node: named exports only.
// The error classes are named here too, so an app imports everything it throws from the one package it
// installs (`import { NotFoundError, createLogger } from '@faultline/node'`); they are core's own classes.
export {
  AuthenticationError,
  AuthorizationError,
  ConflictError,
  ExternalServiceError,
  FaultlineError,
  NotFoundError,
  RateLimitError,
  RemoteError,
  TimeoutError,
  ValidationError,
  isFaultlineError,
} from '@faultline/core';
export type { FaultlineErrorOptions, RemoteErrorOptions, Severity, ValidationIssueInput } from '@faultline/core';
export { getRequestId } from './request-context';
export { runTask, taskHandler } from './tasks/run-task';
export type { TaskOptions } from './tasks/run-task';
export type { TaskRetryOptions, TaskRun } from './tasks/task-retry';
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
