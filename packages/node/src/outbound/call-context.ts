// The call in progress (its service, whether it may be repeated, the caller's signal) and its attempt
// number, carried on the active context: the policies' filters and the undici/http instrumentations'
// hooks run inside the call and read it from there.
import { context, createContextKey } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

export interface CallInfo {
  readonly service: string;
  /** The call may be repeated (idempotent, keyed, or marked by the caller). */
  readonly safe: boolean;
  readonly callerSignal?: AbortSignal;
  /** False when the request body is a stream that cannot be sent twice: then nothing is repeated. */
  readonly replayable: boolean;
  /** 1 for the first try; set for each attempt. */
  readonly attempt: number;
}

const CALL_KEY = createContextKey('faultline.outbound.call');

export function withCall(parent: Context, info: CallInfo): Context {
  return parent.setValue(CALL_KEY, info);
}

/** The remoteService call the active context belongs to, if any. */
export function currentCall(): CallInfo | undefined {
  return context.active().getValue(CALL_KEY) as CallInfo | undefined;
}
