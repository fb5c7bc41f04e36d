// The basics for every outbound call under the preload, also those made without remoteService (plain
// fetch, http.request, axios over them), through the undici and http instrumentations' published hooks:
// an error answer's `X-Request-ID` (the remote's request ID) on the client span, and whether the call was
// a communication failure (no answer, or an answer that is not the API's) or the API's own error answer.
// A 2xx/3xx answer costs one comparison; a remoteService attempt also gets its service and attempt number.
import { errorMonitor } from 'node:events';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { subscribe } from 'node:diagnostics_channel';
import type { Span } from '@opentelemetry/api';
import { isJsonMediaType, isValidUpstreamRequestId } from '@faultline/core';
import { warnOnce } from '../diag';
import { currentAttempt } from './call-context';
import { communicationKind } from './failure-kind';
import {
  ATTR_OUTBOUND_ATTEMPT,
  ATTR_OUTBOUND_FAILURE,
  ATTR_OUTBOUND_OUTCOME,
  ATTR_OUTBOUND_SERVICE,
  ATTR_REMOTE_REQUEST_ID,
} from './outbound-attributes';

function markAttempt(span: Span): void {
  const attempt = currentAttempt();
  if (attempt === undefined) return;
  span.setAttribute(ATTR_OUTBOUND_SERVICE, attempt.service);
  span.setAttribute(ATTR_OUTBOUND_ATTEMPT, attempt.attempt);
}

function markAnswer(span: Span, contentType: unknown, requestId: unknown): void {
  const api = isJsonMediaType(typeof contentType === 'string' ? contentType : undefined);
  span.setAttribute(ATTR_OUTBOUND_OUTCOME, api ? 'api_error' : 'communication_failure');
  if (!api) span.setAttribute(ATTR_OUTBOUND_FAILURE, 'not_api_answer');
  if (isValidUpstreamRequestId(requestId)) span.setAttribute(ATTR_REMOTE_REQUEST_ID, requestId);
}

function markNoAnswer(span: Span, error: unknown): void {
  span.setAttribute(ATTR_OUTBOUND_OUTCOME, 'communication_failure');
  span.setAttribute(ATTR_OUTBOUND_FAILURE, communicationKind(error) ?? 'other');
}

// --- undici (fetch) ---

interface UndiciResponseLike {
  readonly statusCode: number;
  readonly headers: readonly Buffer[];
}

/** Client spans of requests in flight, for the error channel (removed when it fires or with the request). */
const undiciSpans = new WeakMap<object, Span>();

export function onUndiciRequest(span: Span, request: object): void {
  undiciSpans.set(request, span);
  markAttempt(span);
}

export function onUndiciResponse(span: Span, info: { response: UndiciResponseLike }): void {
  const { statusCode, headers } = info.response;
  if (statusCode < 400) return;
  let contentType: string | undefined;
  let requestId: string | undefined;
  for (let index = 0; index + 1 < headers.length; index += 2) {
    const name = String(headers[index]).toLowerCase();
    if (name === 'content-type') contentType = String(headers[index + 1]);
    else if (name === 'x-request-id') requestId = String(headers[index + 1]);
  }
  markAnswer(span, contentType, requestId);
}

let subscribed = false;

/**
 * Subscribes to undici's request error channel; call it before the undici instrumentation is built, so
 * this runs first and the client span is still open when the failure is marked on it.
 */
export function watchUndiciErrors(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('undici:request:error', (message) => {
    // A subscriber's throw would surface as an uncaughtException in the host: nothing may escape.
    try {
      const { request, error } = message as { request: object; error: unknown };
      const span = undiciSpans.get(request);
      if (span === undefined) return;
      undiciSpans.delete(request);
      if ((error as { name?: unknown } | null)?.name !== 'AbortError') markNoAnswer(span, error);
    } catch (internal) {
      warnOnce('outbound:undici-error', 'marking a failed fetch on its client span failed', internal);
    }
  });
}

// --- node:http ---

export function onHttpRequest(span: Span, request: ClientRequest | IncomingMessage): void {
  markAttempt(span);
  // errorMonitor: sees the error without handling it, so an app without an 'error' listener behaves as before.
  if ('setHeader' in request) request.once(errorMonitor, (error: unknown) => markNoAnswer(span, error));
}

export function onHttpResponse(span: Span, response: IncomingMessage | ServerResponse): void {
  if (!('headers' in response) || (response.statusCode ?? 0) < 400) return;
  markAnswer(span, response.headers['content-type'], response.headers['x-request-id']);
}
