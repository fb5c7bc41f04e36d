// Bugs, not requests: failed traces grouped by Faultline's fingerprint (the same bug across requests,
// processes and deploys), over what the trace store returns for a service and a time window.
import { requestIdFromTraceId } from '@faultline/core';
import type { FailureQuery, TraceBackend, TraceData } from '../backend/types';
import { summarize } from './summary';

export interface BugGroup {
  readonly fingerprint: string;
  readonly type: string;
  readonly message: string;
  readonly severity: string;
  readonly occurrences: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly routes: readonly string[];
  /** The most recent occurrences, newest first (at most 20). */
  readonly recent: ReadonlyArray<{ readonly requestId: string; readonly at: string; readonly route?: string; readonly status?: number }>;
}

export interface BugList {
  readonly service: string;
  readonly from: string;
  readonly to: string;
  readonly tracesRead: number;
  /** The store had more failed traces than were read: counts are "at least". */
  readonly truncated: boolean;
  readonly bugs: readonly BugGroup[];
}

const RANK: Readonly<Record<string, number>> = { critical: 4, high: 3, medium: 2, low: 1 };
const RECENT = 20;
const MAX_ROUTES = 10;

interface Growing { group: Omit<BugGroup, 'routes' | 'recent' | 'occurrences'>; occurrences: number; routes: Set<string>; recent: Array<BugGroup['recent'][number]> }

export function groupFailures(traces: readonly TraceData[], traceUrl: (traceId: string) => string): BugGroup[] {
  const groups = new Map<string, Growing>();
  for (const trace of traces) {
    let requestId: string;
    try {
      requestId = requestIdFromTraceId(trace.traceId);
    } catch {
      continue;
    }
    const s = summarize(trace, { requestId, traceUrl: traceUrl(trace.traceId), brief: true });
    const f = s?.failure;
    if (s === undefined || f?.fingerprint === undefined) continue;
    let g = groups.get(f.fingerprint);
    if (g === undefined) {
      g = { group: { fingerprint: f.fingerprint, type: f.type, message: f.message, severity: f.severity ?? 'unknown', firstSeen: s.startedAt, lastSeen: s.startedAt }, occurrences: 0, routes: new Set(), recent: [] };
      groups.set(f.fingerprint, g);
    }
    g.occurrences += 1;
    if (s.startedAt < g.group.firstSeen) g.group = { ...g.group, firstSeen: s.startedAt };
    if (s.startedAt > g.group.lastSeen) g.group = { ...g.group, lastSeen: s.startedAt, message: f.message };
    if ((RANK[f.severity ?? ''] ?? 0) > (RANK[g.group.severity] ?? 0)) g.group = { ...g.group, severity: f.severity ?? 'unknown' };
    if (s.route !== undefined && g.routes.size < MAX_ROUTES) g.routes.add(`${s.method ?? ''} ${s.route}`.trim());
    g.recent.push({ requestId, at: s.startedAt, ...(s.route === undefined ? {} : { route: s.route }), ...(s.status === undefined ? {} : { status: s.status }) });
    if (g.recent.length > RECENT * 2) g.recent = g.recent.sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT);
  }
  return [...groups.values()]
    .map((g) => ({ ...g.group, occurrences: g.occurrences, routes: [...g.routes].sort(), recent: g.recent.sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT) }))
    .sort((a, b) => (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) || b.occurrences - a.occurrences || b.lastSeen.localeCompare(a.lastSeen));
}

/** The bug list of `service` over the window; throws BackendError. */
export async function listBugs(backend: TraceBackend, query: FailureQuery): Promise<BugList> {
  const { traces, truncated } = await backend.findFailures(query);
  return {
    service: query.service,
    from: new Date(query.startMs).toISOString(),
    to: new Date(query.endMs).toISOString(),
    tracesRead: traces.length,
    truncated,
    bugs: groupFailures(traces, (id) => backend.traceUrl(id)),
  };
}
