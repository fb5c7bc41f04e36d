// The Jaeger backend: its HTTP query API (`/api/traces/<id>`, `/api/traces?…`, `/api/services`), the one
// every Jaeger serves whatever its storage (memory, Badger, Elasticsearch/OpenSearch, Cassandra), so the
// lookup works unchanged on any of them. Talks to the one configured base URL only.
import { fromJaeger } from './jaeger-convert';
import { servicesAnswer, tracesAnswer } from './jaeger-schema';
import { BackendError } from './types';
import type { FailureQuery, TraceBackend, TraceData } from './types';

export interface JaegerOptions {
  readonly url: string;
  /** Where people open traces (Jaeger's UI); default the query API's own URL, which also serves the UI. */
  readonly uiUrl?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Largest answer read (a huge trace or search must not exhaust memory); default 256 MiB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** The body as text, or undefined once it passes `max` bytes (the rest is not read). */
async function boundedText(answer: Response, max: number): Promise<string | undefined> {
  if (answer.body === null) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (bytes > max) {
        await answer.body.cancel().catch(() => undefined);
        return undefined;
      }
      text += decoder.decode(chunk, { stream: true });
    }
  } catch {
    return text;
  }
  return text + decoder.decode();
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export function createJaegerBackend(options: JaegerOptions): TraceBackend {
  const base = new URL(options.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new BackendError(`the Jaeger URL must be http(s), not ${base.protocol}`);
  const root = base.href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const description = `Jaeger at ${root}`;
  const ui = (options.uiUrl ?? root).replace(/\/+$/, '');

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    let answer: Response;
    try {
      answer = await fetch(`${root}${path}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new BackendError(`${description} could not be reached (${reason})`);
    }
    const raw = await boundedText(answer, maxBytes);
    if (raw === undefined) throw new BackendError(`${description} answered more than ${Math.round(maxBytes / 1048576)} MiB; narrow the search`);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new BackendError(`${description} answered HTTP ${answer.status} with something that is not its JSON API`);
    }
    return { status: answer.status, body };
  }

  function parseTraces(status: number, body: unknown): TraceData[] {
    const parsed = tracesAnswer.safeParse(body);
    if (!parsed.success) throw new BackendError(`${description} answered HTTP ${status} with JSON that is not a trace list`);
    return (parsed.data.data ?? []).map(fromJaeger);
  }

  return {
    description,
    traceUrl: (traceId) => `${ui}/trace/${traceId}`,
    async getTrace(traceId) {
      if (!TRACE_ID.test(traceId)) return undefined;
      const { status, body } = await get(`/api/traces/${traceId}`);
      if (status === 404) return undefined;
      if (status !== 200) throw new BackendError(`${description} answered HTTP ${status} for a trace`);
      return parseTraces(status, body).find((trace) => trace.traceId === traceId);
    },
    async existing(traceIds) {
      const wanted = traceIds.filter((id) => TRACE_ID.test(id));
      if (wanted.length === 0) return [];
      // One request for all of them: the query API takes repeated traceID parameters (what the UI's
      // compare view uses); IDs it does not have come back as per-ID errors, not as a failure.
      const { status, body } = await get(`/api/traces?${wanted.map((id) => `traceID=${id}`).join('&')}`);
      if (status === 404) return [];
      if (status !== 200) throw new BackendError(`${description} answered HTTP ${status} to a trace search`);
      const found = new Set(parseTraces(status, body).map((trace) => trace.traceId));
      return wanted.filter((id) => found.has(id));
    },
    async findFailures(query: FailureQuery) {
      // Jaeger's search matches span attributes, not the span status, so failures are found by the
      // attribute Faultline puts on every failed server span: one search per severity (or the fingerprint).
      const searches: Array<Record<string, string>> = query.fingerprint === undefined
        ? SEVERITIES.map((severity) => ({ 'faultline.severity': severity }))
        : [{ 'faultline.fingerprint': query.fingerprint }];
      const answers = await Promise.all(searches.map(async (tags) => {
        const params = new URLSearchParams({
          service: query.service,
          start: String(Math.floor(query.startMs * 1000)),
          end: String(Math.ceil(query.endMs * 1000)),
          limit: String(query.limit),
          tags: JSON.stringify(tags),
        });
        const { status, body } = await get(`/api/traces?${params.toString()}`);
        if (status !== 200) throw new BackendError(`${description} answered HTTP ${status} to a failure search`);
        return parseTraces(status, body);
      }));
      const byId = new Map<string, TraceData>();
      for (const trace of answers.flat()) byId.set(trace.traceId, trace);
      return { traces: [...byId.values()], truncated: answers.some((traces) => traces.length >= query.limit) };
    },
    async services() {
      const { status, body } = await get('/api/services');
      const parsed = servicesAnswer.safeParse(body);
      if (status !== 200 || !parsed.success) throw new BackendError(`${description} answered HTTP ${status} with no service list`);
      return [...(parsed.data.data ?? [])].sort();
    },
  };
}
