// What another service's error answer is: its own API error (a JSON or problem+json body) or not the API's
// answer at all (a proxy's HTML 502, an empty body, garbage). Pure: the caller reads at most a bounded body.
import { PLAIN_TOKEN } from './plain-token';
import { isValidUpstreamRequestId } from './upstream-id';

/** Statuses a retry can fix: rate limited, bad gateway, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface AnswerInput {
  readonly status: number;
  readonly contentType?: string | null;
  /** The body text, already cut to a bound by the caller. */
  readonly body?: string;
  /** The answer's `X-Request-ID` header. */
  readonly requestIdHeader?: string | null;
}

export interface RemoteAnswer {
  /** `api`: the remote's own error body; `not_api`: something else answered (a communication failure). */
  readonly kind: 'api' | 'not_api';
  readonly status: number;
  /** The remote's error code, only if it is a plain token. */
  readonly code?: string;
  /** The remote's request ID (header first, then the body's `requestId`), only if safe to carry. */
  readonly requestId?: string;
  /** The remote's own words (internal only: redact before recording, never show to clients). */
  readonly message?: string;
}

const MAX_MESSAGE = 300;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** True for `application/json`, `application/problem+json` and any other `application/*+json`. */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && JSON_TYPE.test(contentType.trim());
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseObject(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined || body.length === 0) return undefined;
  try {
    return record(JSON.parse(body));
  } catch {
    return undefined;
  }
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.length > 0) return value;
  return undefined;
}

function codeOf(body: Record<string, unknown>): string | undefined {
  const nested = record(body.error);
  const code = firstString(body.code, nested?.code, body.errorCode, body.error_code, typeof body.error === 'string' ? body.error : undefined);
  return code !== undefined && PLAIN_TOKEN.test(code) ? code : undefined;
}

function messageOf(body: Record<string, unknown>): string | undefined {
  const nested = record(body.error);
  const message = firstString(body.detail, body.message, nested?.message, body.title);
  return message === undefined ? undefined : message.slice(0, MAX_MESSAGE);
}

/** Classifies an error answer (status 400–599) from another service. Never throws. */
export function classifyAnswer(input: AnswerInput): RemoteAnswer {
  const header = isValidUpstreamRequestId(input.requestIdHeader) ? input.requestIdHeader : undefined;
  const body = isJsonMediaType(input.contentType) ? parseObject(input.body) : undefined;
  if (body === undefined) return { kind: 'not_api', status: input.status, ...(header === undefined ? {} : { requestId: header }) };
  const bodyId = firstString(body.requestId, body.request_id);
  const requestId = header ?? (isValidUpstreamRequestId(bodyId) ? bodyId : undefined);
  const code = codeOf(body);
  const message = messageOf(body);
  return {
    kind: 'api',
    status: input.status,
    ...(code === undefined ? {} : { code }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(message === undefined ? {} : { message }),
  };
}

/** `Retry-After` (delta-seconds or an HTTP date) in milliseconds from `nowMs`; undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) || !/[a-z]/i.test(text) ? undefined : Math.max(0, date - nowMs);
}
