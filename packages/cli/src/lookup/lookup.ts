// One lookup, from whatever was pasted to an answer: found (the summary), not found (what that can mean,
// and for a mistyped ID the existing IDs one slip away, labelled as corrections), bad input, or a backend
// that could not answer. Never throws.
import { BackendError } from '../backend/types';
import type { TraceBackend } from '../backend/types';
import { parseInput } from './request-input';
import { LOOKUP_SCHEMA } from './schema';
import type { LookupResult } from './schema';
import { summarize } from './summary';

/** Why a valid request ID may have no trace; shown with every "not found". */
export function notFoundReasons(backend: TraceBackend): string[] {
  return [
    'The request succeeded and its trace was sampled away: Faultline keeps every failed request whatever the sampling, but successful ones follow the service\'s OTEL_TRACES_SAMPLER (and OTEL_TRACES_SAMPLER_ARG).',
    `It is older than the retention of ${backend.description} (the in-memory store of the local stack keeps the newest 100,000 traces and nothing across restarts).`,
    `It comes from another environment: this looked in ${backend.description} only.`,
    'It is only seconds old: spans reach the store in batches, a few seconds after the response.',
  ];
}

function backendFailure(error: unknown): LookupResult {
  const reason = error instanceof BackendError ? error.message : `the lookup failed: ${error instanceof Error ? error.message : String(error)}`;
  return { schema: LOOKUP_SCHEMA, result: 'backend_error', reason };
}

export async function lookup(pasted: string, backend: TraceBackend): Promise<LookupResult> {
  const input = parseInput(pasted);
  if (input.kind === 'invalid') return { schema: LOOKUP_SCHEMA, result: 'bad_input', reason: input.reason };
  try {
    if (input.kind === 'mistyped') {
      const existing = new Set(await backend.existing(input.candidates.map((candidate) => candidate.traceId)));
      const didYouMean = input.candidates.filter((candidate) => existing.has(candidate.traceId))
        .map(({ requestId, traceId, correction, position }) => ({ requestId, traceId, correction, position }));
      return {
        schema: LOOKUP_SCHEMA,
        result: 'not_found',
        typed: input.typed.length > 64 ? `${input.typed.slice(0, 64)}…` : input.typed,
        didYouMean,
        reasons: [`${input.reason} ${didYouMean.length === 0 ? 'No ID one character away exists in the store either.' : 'Corrections that exist in the store are listed; none of them is the ID that was typed.'}`],
      };
    }
    const trace = await backend.getTrace(input.traceId);
    const summary = trace === undefined ? undefined : summarize(trace, { requestId: input.requestId, traceUrl: backend.traceUrl(input.traceId) });
    if (summary === undefined) {
      return { schema: LOOKUP_SCHEMA, result: 'not_found', requestId: input.requestId, traceId: input.traceId, didYouMean: [], reasons: notFoundReasons(backend) };
    }
    return { schema: LOOKUP_SCHEMA, result: 'found', summary };
  } catch (error) {
    return backendFailure(error);
  }
}
