// The transport half of error responses: core's `toProblem` decides what a client may see; this writes it
// as RFC 9457 application/problem+json, or as a plain HTML page when the client prefers HTML (browsers).
import { createHash } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import Negotiator from 'negotiator';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProblemDetails } from '@faultline/core';
import { NotFoundError, problemToHtml, statusTitle, toProblem } from '@faultline/core';
import { captureSettings, reportInternalFailure } from '../capture/capture';
import { REQUEST_ID_HEADER, requestStateOf, sendsRequestIdHeader } from './request-context';

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

export interface ProblemResponse {
  readonly status: number;
  /** What the client reads (the problem's title and, when safe to show, its detail). */
  readonly title: string;
  readonly detail?: string;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

// In this order: an `Accept` that matches all of them alike (any type, or none given) gets problem+json.
const REPRESENTATIONS = ['application/problem+json', 'application/json', 'text/html'];

/**
 * HTML only when the client prefers it to JSON, as Express's `req.accepts` decides (negotiator: q-values,
 * then specificity, then the client's order; case-insensitive): browsers get HTML; fetch, curl, SDKs
 * and `text/html;q=0` get JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false;
  try {
    return new Negotiator({ headers: { accept } }).mediaType(REPRESENTATIONS) === 'text/html';
  } catch {
    return false;
  }
}

let pageCsp: { style: string; header: string } | undefined;

/**
 * A strict Content-Security-Policy for the HTML page: nothing may load or run; only its own inline
 * style, by hash. The page is core's, so the hash is taken from the page itself (computed once).
 */
function htmlPolicy(page: string): string {
  const style = /<style>([^<]*)<\/style>/.exec(page)?.[1] ?? '';
  if (pageCsp?.style !== style) {
    const hash = createHash('sha256').update(style).digest('base64');
    pageCsp = { style, header: `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` };
  }
  return pageCsp.header;
}

/** JSON.stringify for a problem: a bigint (in development `details`, say) becomes its decimal string instead of a throw. */
export function stringifyProblem(problem: ProblemDetails): string {
  return JSON.stringify(problem, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** Headers that describe the representation the app was writing; wrong for the problem that replaces it. */
export const REPRESENTATION_HEADERS: readonly string[] = [
  'content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'content-disposition',
  'etag', 'last-modified',
];
/**
 * Headers that belong to the error's meaning (RFC 9110): kept on the problem when the app or the
 * framework set them, and taken from `err.headers` for that status even when it is not exposed.
 */
const MEANING_HEADERS: Readonly<Record<number, string>> = {
  401: 'www-authenticate', 405: 'allow', 416: 'content-range', 429: 'retry-after', 503: 'retry-after',
};

/** Never taken from `err.headers`: Faultline sets these itself for the problem it writes. */
const OWN_HEADERS = new Set([
  ...REPRESENTATION_HEADERS, 'transfer-encoding', 'cache-control', 'x-content-type-options', 'x-request-id', 'content-security-policy',
]);

function validHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function property(value: unknown, key: string): unknown {
  try {
    return value !== null && (typeof value === 'object' || typeof value === 'function') ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `err.headers` (the http-errors convention: a 405's `Allow`, a 401's `WWW-Authenticate`) for an exposed
 * 4xx only; a 5xx's headers are internal and never sent. String and number values, and string arrays
 * (joined with ", ", so never Set-Cookie).
 */
function errorHeaders(error: unknown, status: number): Record<string, string> {
  const meaning = MEANING_HEADERS[status];
  const all = status >= 400 && status < 500 && property(error, 'expose') === true;
  if (!all && meaning === undefined) return {};
  const headers = property(error, 'headers');
  if (headers === null || typeof headers !== 'object') return {};
  const out: Record<string, string> = {};
  try {
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower !== meaning && (!all || OWN_HEADERS.has(lower))) continue;
      let text: string | undefined;
      if (typeof value === 'string') text = value;
      else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
      else if (Array.isArray(value) && value.every((item) => typeof item === 'string') && name.toLowerCase() !== 'set-cookie') {
        text = value.join(', ');
      }
      // A name or value Node would refuse (CR/LF, say) is left out rather than failing the answer.
      if (text !== undefined && validHeader(name, text)) out[name] = text;
    }
  } catch {
    return {};
  }
  return out;
}

/**
 * Names in `err.headers` that must not go out with the problem for `error` (all of them unless it is an
 * exposed 4xx): for frameworks such as Fastify that apply `err.headers` themselves before Faultline sees
 * the reply.
 */
export function withheldErrorHeaders(error: unknown, status: number): string[] {
  const headers = property(error, 'headers');
  if (headers === null || typeof headers !== 'object') return [];
  try {
    const allowed = new Set(Object.keys(errorHeaders(error, status)).map((name) => name.toLowerCase()));
    return Object.keys(headers).filter((name) => !allowed.has(name.toLowerCase()));
  } catch {
    return [];
  }
}

function retryAfter(error: unknown): Record<string, string> {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? { 'Retry-After': String(Math.ceil(seconds)) }
    : {};
}

/** The response for `error`: status, body and headers; framework adapters that own the write use this. */
export function problemResponse(error: unknown, accept: string | undefined, requestId: string | undefined, status?: number): ProblemResponse {
  const { mode, redactor } = captureSettings();
  let problem: ProblemDetails = toProblem(error, { mode, requestId, redactor });
  // The framework's own reading of the status (Koa: ENOENT is a 404) wins over core's.
  if (status !== undefined && status !== problem.status) problem = { ...problem, status, title: statusTitle(status) };
  const html = prefersHtml(accept);
  const body = html ? problemToHtml(problem) : stringifyProblem(problem);
  return {
    status: problem.status,
    title: problem.title,
    ...(typeof problem.detail === 'string' ? { detail: problem.detail } : {}),
    contentType: html ? HTML : PROBLEM_JSON,
    body,
    headers: {
      ...errorHeaders(error, problem.status),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(html ? { 'Content-Security-Policy': htmlPolicy(body) } : {}),
      ...retryAfter(error),
    },
  };
}

/**
 * Puts what the client was shown on the request's server span, so the support lookup can say what the
 * customer saw (the title, and the detail only when the response carried one).
 */
export function recordAnswerShown(req: IncomingMessage, answer: ProblemResponse): void {
  const span = requestStateOf(req)?.serverSpan;
  if (span === undefined || !span.isRecording()) return;
  span.setAttribute('faultline.response.title', answer.title);
  if (answer.detail !== undefined) span.setAttribute('faultline.response.detail', answer.detail);
}

/**
 * Answers the request with the problem for `error`. When the app already started its response, no
 * second one is written: the response is destroyed (as Express's final handler does), so the client and
 * any proxy or cache see it cut off instead of a complete-looking 200 with half a body.
 */
export function sendProblem(req: IncomingMessage, res: ServerResponse, error: unknown, status?: number): void {
  try {
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    const requestId = requestStateOf(req)?.requestId;
    const answer = problemResponse(error, req.headers.accept, requestId, status);
    recordAnswerShown(req, answer);
    // Headers describing the body the app did not finish (type, length, encoding, validators) are wrong
    // for this one; the rest the app set (CORS, Vary, Set-Cookie, ...) stays.
    for (const name of REPRESENTATION_HEADERS) {
      if (name !== MEANING_HEADERS[answer.status]) res.removeHeader(name);
    }
    if (requestId !== undefined && sendsRequestIdHeader()) res.setHeader(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(answer.headers)) {
      try {
        res.setHeader(name, value);
      } catch (invalid) {
        // An `err.headers` name or value Node refuses (bad characters): the problem goes out without it.
        reportInternalFailure('setting an error response header', invalid);
      }
    }
    res.statusCode = answer.status;
    res.setHeader('Content-Type', answer.contentType);
    res.setHeader('Content-Length', Buffer.byteLength(answer.body));
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  } catch (internal) {
    reportInternalFailure('writing an error response', internal);
    try {
      if (res.headersSent) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      res.statusCode = 500;
      if (!res.writableEnded) res.end();
    } catch (odd) {
      // Not a ServerResponse after all: nothing more Faultline can do for this request.
      reportInternalFailure('ending an error response', odd);
    }
  }
}

let notFound: NotFoundError | undefined;

/** The default 404 for routes that match nothing; the path is not echoed (it may carry secrets). */
export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  notFound ??= new NotFoundError('No route matches this request.', { expose: true });
  sendProblem(req, res, notFound);
}
