// Shared by the outbound scenario tests: the dependency per file, and the spans of one call's trace.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseRequestId } from '@faultline/core';
import type { ExportedSpan, OtlpReceiver } from '../../support';
import { waitFor } from '../../support';
import { startDependency } from './dependency';
import type { Dependency } from './dependency';

export const SPAN_KIND_CLIENT = 3;

/** One misbehaving dependency per test file, its counts cleared before each test. */
export function useDependency(): () => Dependency {
  let dependency: Dependency | undefined;
  beforeAll(async () => { dependency = await startDependency(); });
  beforeEach(() => {
    dependency?.hits.clear();
    if (dependency) dependency.down = true;
  });
  afterAll(async () => { await dependency?.close(); });
  return () => {
    if (!dependency) throw new Error('useDependency(): the dependency starts in beforeAll');
    return dependency;
  };
}

const byStart = (a: ExportedSpan, b: ExportedSpan): number => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano));

export interface CallTrace {
  /** The `outbound <service>` span, or undefined for a plain call. */
  readonly call?: ExportedSpan;
  /** The client spans (the call's children when a service is given), in attempt order. */
  readonly clients: ExportedSpan[];
}

/** Waits for the trace of the request that got `requestId` to hold its server span and `clients` client spans. */
export async function traceOf(receiver: OtlpReceiver, requestId: string, clients: number, service?: string): Promise<CallTrace> {
  const traceId = parseRequestId(requestId);
  return waitFor(() => {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    // The first such call: a remote running Faultline makes calls of its own later in the same trace.
    const call = service === undefined ? undefined : spans.filter((span) => span.name === `outbound ${service}`).sort(byStart)[0];
    // With a service, its call's own attempts (the remote may run Faultline and call out too).
    const found = spans
      .filter((span) => span.kind === SPAN_KIND_CLIENT && (service === undefined || span.parentSpanId === call?.spanId))
      .sort(byStart);
    const server = spans.some((span) => span.kind === 2);
    return server && found.length === clients && (service === undefined || call !== undefined) ? { call, clients: found } : undefined;
  }, { timeoutMs: 10_000 });
}
