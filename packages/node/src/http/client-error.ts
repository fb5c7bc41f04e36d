// Requests Node's HTTP parser refuses before any listener of ours runs (malformed, header block too large,
// an `Expect` it cannot meet). With no `clientError` listener Node writes a bare 400/413/431/408 and
// closes; with no `checkExpectation` listener it writes a bare 417: no X-Request-ID, no problem body,
// nothing recorded. When the app has no listener of its own, Faultline answers instead, as Node would
// (same status, connection closed, only while nothing of a response was written yet) plus a minimal
// problem body and an X-Request-ID, and records each at low severity on a span of its own (rate-limited;
// over the limit the answer still carries a request ID, unrecorded). A listener the app adds wins: ours
// then does nothing. Node never answers 414: an over-long URL counts against the header limit (431).
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SpanKind, trace } from '@opentelemetry/api';
import { recordErrorWith, requestIdFromTraceId, toProblem } from '@faultline/core';
import { DIRECT_SPAN_WRITES } from '../capture/direct-span-writes';
import { captureSettings, reportInternalFailure } from '../capture/capture';
import { logFailure } from '../capture/failure-log';
import { setOwnRequestId } from '../capture/prescrubbed';
import { REQUEST_ID_HEADER } from './request-context';
import { PROBLEM_JSON, stringifyProblem } from './respond';
import { CLOSURE_FREE_ROOT_CONTEXT } from './closure-free-context';

const kAnswering = Symbol.for('faultline.client-errors');
/** Recorded parser errors per second at most; a flood of garbage must not become a flood of telemetry. */
const MAX_RECORDED_PER_SECOND = 10;

/** Node's own mapping (lib/_http_server.js socketOnError). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

let windowStart = 0;
let recordedInWindow = 0;

function mayRecord(): boolean {
  const now = Date.now();
  if (now - windowStart >= 1000) {
    windowStart = now;
    recordedInWindow = 0;
  }
  recordedInWindow += 1;
  return recordedInWindow <= MAX_RECORDED_PER_SECOND;
}

/** A parser error as Faultline records it: its code and Node's message, never the raw bytes it carries. */
function parserError(code: string, message: string, status: number): Error {
  const error = new Error(message) as Error & { code: string; status: number; expose: boolean };
  error.name = 'HttpParserError';
  error.code = code;
  error.status = status;
  error.expose = false;
  error.stack = `HttpParserError: ${message}`;
  return error;
}

/** Records the refused request (rate-limited) and returns its request ID; never throws. */
function record(error: Error, status: number, peer: string | undefined): string {
  try {
    if (mayRecord()) {
      const span = trace.getTracer('@faultline/node').startSpan('clientError', {
        kind: SpanKind.SERVER,
        attributes: { 'http.response.status_code': status, ...(peer === undefined ? {} : { 'network.peer.address': peer }) },
      }, CLOSURE_FREE_ROOT_CONTEXT);
      const traceId = span.spanContext().traceId;
      if (trace.isSpanContextValid(span.spanContext())) {
        const requestId = requestIdFromTraceId(traceId);
        setOwnRequestId(span, requestId);
        const summary = recordErrorWith(span, error, { redactor: captureSettings().redactor, severity: 'low', requestId }, DIRECT_SPAN_WRITES);
        span.end();
        logFailure(summary, { requestId, source: 'clientError' });
        return requestId;
      }
      span.end();
    }
  } catch (internal) {
    reportInternalFailure('recording a refused request', internal);
  }
  return requestIdFromTraceId(randomBytes(16).toString('hex'));
}

function problemBody(error: Error, requestId: string): string {
  const { mode, redactor } = captureSettings();
  return stringifyProblem(toProblem(error, { mode, requestId, redactor }));
}

function onClientError(this: Server, error: Error & { code?: string }, socket: Socket): void {
  if (this.listenerCount('clientError') > 1) return;
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const inFlight = (socket as Socket & { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
  try {
    // As Node: answer only a parser error, only if nothing of a response went out on this connection yet.
    const answerable = socket.writable && inFlight?._headerSent !== true;
    if (answerable && (error.code?.startsWith('HPE_') === true || error.code === 'ERR_HTTP_REQUEST_TIMEOUT')) {
      const refused = parserError(error.code ?? 'HPE_UNKNOWN', error.message, status);
      const requestId = record(refused, status, socket.remoteAddress);
      const body = problemBody(refused, requestId);
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: ${PROBLEM_JSON}\r\n`
        + `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n`
        + `${REQUEST_ID_HEADER}: ${requestId}\r\n\r\n${body}`);
    } else if (answerable) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n\r\n`);
    }
  } catch (internal) {
    reportInternalFailure('answering a refused request', internal);
  }
  socket.destroy(error);
}

function onCheckExpectation(this: Server, req: IncomingMessage, res: ServerResponse): void {
  if (this.listenerCount('checkExpectation') > 1) return;
  try {
    const refused = parserError('EXPECTATION_FAILED', 'Expect header not supported', 417);
    const requestId = record(refused, 417, req.socket.remoteAddress);
    const body = problemBody(refused, requestId);
    res.writeHead(417, {
      'Content-Type': PROBLEM_JSON, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff', [REQUEST_ID_HEADER]: requestId,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (internal) {
    reportInternalFailure('answering an unmet Expect', internal);
    if (!res.headersSent) res.writeHead(417);
    if (!res.writableEnded) res.end();
  }
}

/** Answers this server's refused requests (once per server) while the app has no listener of its own. */
export function answerClientErrors(server: Server): void {
  const marked = server as Server & { [kAnswering]?: boolean };
  if (marked[kAnswering] === true) return;
  Object.defineProperty(server, kAnswering, { value: true });
  server.on('clientError', onClientError);
  server.on('checkExpectation', onCheckExpectation);
}
