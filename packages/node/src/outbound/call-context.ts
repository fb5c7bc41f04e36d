// The service and attempt number of the remoteService attempt in progress, on the active context, so the
// undici and http instrumentations' hooks can put them on the client span the attempt makes. Only those
// hooks read it (they run under the preload, which installs the context manager); the policies' own
// decisions never depend on it.
import { context, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

export interface AttemptInfo {
  readonly service: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

const ATTEMPT_KEY = createContextKey('faultline.outbound.attempt');

export function withAttempt(parent: Context, info: AttemptInfo): Context {
  return parent.setValue(ATTEMPT_KEY, info);
}

/** The remoteService attempt the active context belongs to, if any. */
export function currentAttempt(): AttemptInfo | undefined {
  return context.active().getValue(ATTEMPT_KEY) as AttemptInfo | undefined;
}
