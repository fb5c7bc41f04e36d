// A trace, whatever SDK (or version of Faultline) produced it, turned into what support needs to know
// about one request. Every string that came from telemetry passes core's redactor again on the way out:
// data from other SDKs or older versions may not be clean. Works on huge traces (one pass over spans).
import { createRedactor, statusTitle } from '@faultline/core';
import type { Redactor } from '@faultline/core';
import type { SpanData, TraceData } from '../backend/types';
import { firstAppFrame } from './frames';
import { spanFailed, spanTree } from './span-tree';
import type { CauseView, CustomerSawView, DownstreamView, FailureView, RequestSummary } from './schema';

const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3, critical: 4 };
const MAX_DOWNSTREAM = 20;
const MAX_CAUSES = 10;
const MAX_TEXT = 4096;

type Attributes = Readonly<Record<string, unknown>>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The request's server span: the one Faultline tagged, else the first root or server span. */
export function requestSpan(trace: TraceData): SpanData | undefined {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  let best: SpanData | undefined;
  let bestScore = -1;
  for (const span of trace.spans) {
    const score = (str(span.attributes['faultline.request_id']) ? 4 : 0) + (span.kind === 'server' ? 2 : 0) + (span.parentId === undefined || !ids.has(span.parentId) ? 1 : 0);
    if (score > bestScore || (score === bestScore && best !== undefined && span.startMs < best.startMs)) {
      best = span;
      bestScore = score;
    }
  }
  return best;
}

/** The exception event that describes the request's failure: the span's own fingerprint, else the worst. */
function failureEvent(trace: TraceData, root: SpanData): { span: SpanData; attributes: Attributes } | undefined {
  const wanted = str(root.attributes['faultline.fingerprint']);
  let best: { span: SpanData; attributes: Attributes; rank: number } | undefined;
  for (const span of trace.spans) {
    for (const event of span.events) {
      if (event.name !== 'exception') continue;
      const fingerprint = str(event.attributes['faultline.fingerprint']);
      const rank = (fingerprint !== undefined && fingerprint === wanted ? 100 : 0) + (fingerprint !== undefined ? 10 : 0) +
        (SEVERITY_RANK[String(event.attributes['faultline.severity'])] ?? 0) + (span === root ? 0.5 : 0);
      if (best === undefined || rank > best.rank) best = { span, attributes: event.attributes, rank };
    }
  }
  return best;
}

function causesOf(attributes: Attributes, clean: (text: string) => string): CauseView[] {
  const count = Math.min(num(attributes['faultline.cause.count']) ?? 0, MAX_CAUSES);
  const causes: CauseView[] = [];
  for (let n = 1; n <= count; n += 1) {
    const prefix = `faultline.cause.${n}`;
    const code = str(attributes[`${prefix}.code`]);
    causes.push({
      path: clean(str(attributes[`${prefix}.path`]) ?? 'cause'),
      type: clean(str(attributes[`${prefix}.type`]) ?? 'Error'),
      message: clean(str(attributes[`${prefix}.message`]) ?? ''),
      ...(code === undefined ? {} : { code: clean(code) }),
    });
  }
  return causes;
}

function failureOf(trace: TraceData, root: SpanData, clean: (text: string) => string): FailureView | undefined {
  const found = failureEvent(trace, root);
  const a = found?.attributes ?? {};
  const spanType = str(root.attributes['error.type']);
  if (found === undefined && spanType === undefined && !spanFailed(root)) return undefined;
  const type = str(a['exception.type']) ?? spanType ?? 'Error';
  const message = str(a['exception.message']) ?? str(root.attributes['otel.status_description']) ?? '';
  const code = str(a['faultline.error.code']) ?? str(root.attributes['faultline.error.code']);
  const severity = str(a['faultline.severity']) ?? str(root.attributes['faultline.severity']);
  const fingerprint = str(a['faultline.fingerprint']) ?? str(root.attributes['faultline.fingerprint']);
  const unhandled = a['faultline.error.unhandled'] ?? root.attributes['faultline.error.unhandled'];
  const where = firstAppFrame(a['exception.stacktrace'], found?.span.entry ?? root.entry);
  return {
    type: clean(type),
    message: clean(message),
    ...(code === undefined ? {} : { code: clean(code) }),
    ...(severity === undefined ? {} : { severity: clean(severity) }),
    ...(fingerprint === undefined ? {} : { fingerprint: clean(fingerprint) }),
    ...(typeof unhandled === 'boolean' ? { unhandled } : {}),
    ...(where === undefined ? {} : { where: { ...where, file: clean(where.file), ...(where.function === undefined ? {} : { function: clean(where.function) }) } }),
    causes: causesOf(a, clean),
  };
}

function downstreamOf(trace: TraceData, ownId: string, clean: (text: string) => string): DownstreamView[] {
  const childServer = new Map<string, string>();
  for (const span of trace.spans) {
    const id = str(span.attributes['faultline.request_id']);
    if (span.kind === 'server' && span.parentId !== undefined && id !== undefined) childServer.set(span.parentId, id);
  }
  const calls: DownstreamView[] = [];
  for (const span of trace.spans) {
    if (span.kind !== 'client' || calls.length >= MAX_DOWNSTREAM) continue;
    const a = span.attributes;
    const status = num(a['http.response.status_code'] ?? a['http.status_code']);
    if (!spanFailed(span) && (status === undefined || status < 400)) continue;
    const method = str(a['http.request.method'] ?? a['http.method']);
    const url = str(a['url.full'] ?? a['http.url']);
    const error = str(a['error.type']) ?? str(a['otel.status_description']);
    const header = a['http.response.header.x-request-id'];
    // A downstream in the same trace has this request's own ID (the ID is the trace ID): only another ID counts.
    // Faultline keeps an error answer's X-Request-ID as faultline.remote.request_id (outbound calls).
    const theirs = str(a['faultline.remote.request_id']) ?? childServer.get(span.spanId) ?? str(Array.isArray(header) ? header[0] : header);
    const requestId = theirs === ownId ? undefined : theirs;
    calls.push({
      name: clean(span.name),
      ...(method === undefined ? {} : { method: clean(method) }),
      ...(url === undefined ? {} : { url: clean(url) }),
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error: clean(error) }),
      ...(requestId === undefined ? {} : { requestId: clean(requestId) }),
    });
  }
  return calls;
}

export interface SummaryOptions {
  readonly requestId: string;
  readonly traceUrl: string;
  readonly redactor?: Redactor;
  /** Only what the bug list needs: no span tree, no downstream calls (left empty). */
  readonly brief?: boolean;
}

let shared: Redactor | undefined;

/** ISO 8601 UTC; a timestamp no Date can hold (a broken or hostile span) reads as the epoch. */
/** What the client was shown: the title and detail Faultline recorded, else the status's own title. */
function customerSaw(root: SpanData, status: number, requestId: string, clean: (text: string) => string): CustomerSawView {
  const title = str(root.attributes['faultline.response.title']);
  const detail = str(root.attributes['faultline.response.detail']);
  return { status, title: title === undefined ? statusTitle(status) : clean(title), ...(detail === undefined ? {} : { detail: clean(detail) }), requestId };
}

function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

/** What happened to the request `trace` stands for; undefined for a trace with no spans. */
export function summarize(trace: TraceData, options: SummaryOptions): RequestSummary | undefined {
  const root = requestSpan(trace);
  if (root === undefined) return undefined;
  const redactor = options.redactor ?? (shared ??= createRedactor());
  const clean = (text: string): string => {
    const redacted = redactor.redact(text);
    const out = typeof redacted === 'string' ? redacted : '[redacted]';
    return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
  };
  const a = root.attributes;
  const method = str(a['http.request.method'] ?? a['http.method']);
  const route = str(a['http.route']);
  const status = num(a['http.response.status_code'] ?? a['http.status_code']);
  const failure = failureOf(trace, root, clean);
  const outcome = failure !== undefined || (status !== undefined && status >= 500) ? 'failed' : 'succeeded';
  return {
    requestId: options.requestId,
    traceId: trace.traceId,
    traceUrl: options.traceUrl,
    startedAt: isoTime(root.startMs),
    durationMs: Math.round(root.durationMs * 1000) / 1000,
    service: clean(root.service),
    ...(root.serviceVersion === undefined ? {} : { serviceVersion: clean(root.serviceVersion) }),
    ...(root.environment === undefined ? {} : { environment: clean(root.environment) }),
    ...(method === undefined ? {} : { method: clean(method) }),
    ...(route === undefined ? {} : { route: clean(route) }),
    ...(status === undefined ? {} : { status }),
    outcome,
    faultline: trace.spans.some((span) => str(span.attributes['faultline.request_id']) !== undefined || str(span.attributes['faultline.fingerprint']) !== undefined),
    ...(failure === undefined ? {} : { failure }),
    downstream: options.brief === true ? [] : downstreamOf(trace, options.requestId, clean),
    ...(status !== undefined && status >= 400 ? { customerSaw: customerSaw(root, status, options.requestId, clean) } : {}),
    spanCount: trace.spans.length,
    services: [...new Set(trace.spans.map((span) => clean(span.service)))].sort(),
    spans: options.brief === true ? [] : spanTree(trace, root, clean),
  };
}
