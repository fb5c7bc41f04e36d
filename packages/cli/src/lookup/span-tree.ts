// The trace's spans in tree order (parents before children, siblings by start time), with their depth
// and timing relative to the request: what the page shows as a waterfall, since the Jaeger built from Go
// modules serves no UI. Bounded: a huge trace shows its first spans in tree order.
import type { SpanData, TraceData } from '../backend/types';
import type { SpanView } from './schema';

const MAX_SPANS = 200;
const MAX_DEPTH = 64;

/** The span ended in error (OpenTelemetry status ERROR, which Jaeger shows as the `error` tag). */
export function spanFailed(span: SpanData): boolean {
  const a = span.attributes;
  return a.error === true || a.error === 'true' || a['otel.status_code'] === 'ERROR';
}

export function spanTree(trace: TraceData, root: SpanData, clean: (text: string) => string): SpanView[] {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanData[]>();
  for (const span of trace.spans) {
    const parent = span.parentId !== undefined && ids.has(span.parentId) ? span.parentId : undefined;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [span]);
    else list.push(span);
  }
  for (const list of children.values()) list.sort((a, b) => a.startMs - b.startMs);
  const out: SpanView[] = [];
  const seen = new Set<string>();
  // Iterative depth-first walk: a deep or cyclic trace cannot overflow the stack.
  const stack: Array<[SpanData, number]> = [...(children.get(undefined) ?? [])].reverse().map((span) => [span, 0]);
  while (stack.length > 0 && out.length < MAX_SPANS) {
    const [span, depth] = stack.pop() as [SpanData, number];
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    out.push({
      depth: Math.min(depth, MAX_DEPTH),
      name: clean(span.name),
      service: clean(span.service),
      offsetMs: Math.round((span.startMs - root.startMs) * 1000) / 1000,
      durationMs: Math.round(span.durationMs * 1000) / 1000,
      failed: spanFailed(span),
    });
    for (const child of [...(children.get(span.spanId) ?? [])].reverse()) stack.push([child, depth + 1]);
  }
  return out;
}
