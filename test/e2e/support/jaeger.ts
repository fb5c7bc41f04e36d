// Reads traces back through Jaeger's HTTP query API (the one the plain Go build serves; no UI needed).
import { waitFor } from '../../support';

export interface JaegerTag { readonly key: string; readonly type: string; readonly value: unknown }
export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly tags: readonly JaegerTag[];
  readonly logs: ReadonlyArray<{ timestamp: number; fields: readonly JaegerTag[] }>;
}
export interface JaegerTrace { readonly traceID: string; readonly spans: readonly JaegerSpan[] }

/** Tags (or log fields) as a plain object. */
export function tagsOf(tags: readonly JaegerTag[]): Record<string, unknown> {
  return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
}

export async function getTrace(jaegerUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const answer = await fetch(`${jaegerUrl}/api/traces/${traceId}`);
  if (answer.status === 404) return undefined;
  if (!answer.ok) throw new Error(`Jaeger answered ${answer.status} for trace ${traceId}`);
  const body = (await answer.json()) as { data?: JaegerTrace[] };
  return body.data?.[0];
}

/** Waits until Jaeger has the trace and `ready` accepts it (spans of one trace may arrive in batches). */
export function waitForTrace(
  jaegerUrl: string,
  traceId: string,
  ready: (trace: JaegerTrace) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<JaegerTrace> {
  return waitFor(async () => {
    const trace = await getTrace(jaegerUrl, traceId);
    return trace && ready(trace) ? trace : undefined;
  }, { timeoutMs, intervalMs: 250, message: `trace ${traceId} in Jaeger` });
}

/** Everything Jaeger holds for a service, as raw JSON text (for "the secret appears nowhere" checks). */
export async function allTracesText(jaegerUrl: string, service: string): Promise<string> {
  const answer = await fetch(`${jaegerUrl}/api/traces?service=${encodeURIComponent(service)}&limit=1000&lookback=1h`);
  if (!answer.ok) throw new Error(`Jaeger answered ${answer.status} for service ${service}`);
  return answer.text();
}
