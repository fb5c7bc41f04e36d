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
export { getRequestId } from './http/request-context';
export { runTask, taskHandler } from './tasks/run-task';
export type { TaskOptions } from './tasks/run-task';
export type { TaskRetryOptions, TaskRun } from './tasks/task-retry';
export { flushTelemetry, registerFlush } from './process/shutdown';
export type { Flush } from './process/shutdown';
export { getRuntime } from './runtime';
export type { Runtime } from './runtime';
export { SETTINGS, loadConfig } from './config';
export type { FaultlineConfig, FaultlineOptions } from './config';
export { createLogger } from './logs/logger';
export type { Logger, LoggerOptions } from './logs/logger';
export { faultlinePinoOptions } from './logs/log-options';
export type { FaultlinePinoOptions, FaultlinePinoOptionsInput } from './logs/log-options';
export type { SerializedError } from './logs/log-serializers';
export { hashIdentifier, securityEvent } from './logs/security-event';
export type { SecurityEventLevel, SecurityEventOptions } from './logs/security-event';
export { remoteService } from './outbound/remote-service';
export type { AttemptContext, BreakerState, CallOptions, RemoteService } from './outbound/remote-service';
export type { BreakerOptions, RemoteServiceOptions } from './outbound/service-options';
