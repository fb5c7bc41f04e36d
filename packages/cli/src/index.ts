// The public surface of @faultline/cli: named exports only.
export { createJaegerBackend } from './backend/jaeger';
export type { JaegerOptions } from './backend/jaeger';
export { BackendError } from './backend/types';
export type { FailureQuery, SpanData, TraceBackend, TraceData } from './backend/types';
export { EXIT_BACKEND, EXIT_BAD_INPUT, EXIT_FOUND, EXIT_NOT_FOUND, exitCodeOf } from './exit-codes';
export { groupFailures, listBugs } from './lookup/bugs';
export type { BugGroup, BugList } from './lookup/bugs';
export { candidatesFor } from './lookup/candidates';
export type { Candidate, Correction } from './lookup/candidates';
export { lookup } from './lookup/lookup';
export { parseInput } from './lookup/request-input';
export type { ParsedInput } from './lookup/request-input';
export { renderText } from './lookup/render-text';
export { LOOKUP_SCHEMA } from './lookup/schema';
export type { LookupResult, RequestSummary } from './lookup/schema';
export { summarize } from './lookup/summary';
export { startServer } from './serve/server';
export type { RunningServer, ServeOptions } from './serve/server';
