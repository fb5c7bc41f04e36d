// The transport half of error responses: core's `toProblem` decides what a client may see; this writes it
// as RFC 9457 application/problem+json, or as a plain HTML page for a browser (accepts HTML, not JSON).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProblemDetails } from '@faultline/core';
import { NotFoundError, problemToHtml, toProblem } from '@faultline/core';
import { captureSettings, reportInternalFailure } from './capture';
import { REQUEST_ID_HEADER, requestStateOf } from './request-context';

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

export interface ProblemResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** HTML only when the client asks for HTML and not for JSON (browsers do; fetch, curl and SDKs don't). */
export function prefersHtml(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('html') && !accept.includes('json');
}

/** JSON.stringify for a problem: a bigint (in development `details`, say) becomes its decimal string instead of a throw. */
export function stringifyProblem(problem: ProblemDetails): string {
  return JSON.stringify(problem, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

function retryAfter(error: unknown): Record<string, string> {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? { 'Retry-After': String(Math.ceil(seconds)) }
    : {};
}

/** The response for `error`: status, body and headers; framework adapters that own the write use this. */
export function problemResponse(error: unknown, accept: string | undefined, requestId: string | undefined): ProblemResponse {
  const { mode, redactor } = captureSettings();
  const problem: ProblemDetails = toProblem(error, { mode, requestId, redactor });
  const html = prefersHtml(accept);
  return {
    status: problem.status,
    contentType: html ? HTML : PROBLEM_JSON,
    body: html ? problemToHtml(problem) : stringifyProblem(problem),
    headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...retryAfter(error) },
  };
}

/**
 * Answers the request with the problem for `error`. When the app already started its response, no
 * second one is written: the response is destroyed (as Express's final handler does), so the client and
 * any proxy or cache see it cut off instead of a complete-looking 200 with half a body.
 */
export function sendProblem(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  try {
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    const requestId = requestStateOf(req)?.requestId;
    const answer = problemResponse(error, req.headers.accept, requestId);
    // Headers the app set for the response it did not finish (content type, length, caching) are
    // wrong for this one; only the request ID survives.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    if (requestId !== undefined) res.setHeader(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.statusCode = answer.status;
    res.setHeader('Content-Type', answer.contentType);
    res.setHeader('Content-Length', Buffer.byteLength(answer.body));
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  } catch (internal) {
    reportInternalFailure('writing an error response', internal);
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    res.statusCode = 500;
    if (!res.writableEnded) res.end();
  }
}

let notFound: NotFoundError | undefined;

/** The default 404 for routes that match nothing; the path is not echoed (it may carry secrets). */
export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  notFound ??= new NotFoundError('No route matches this request.', { expose: true });
  sendProblem(req, res, notFound);
}
