// "Did you mean": the request IDs one slip of the keyboard away from what was typed — one character
// substituted, two neighbours swapped, one dropped, or one doubled (or added) — keeping only those whose
// check character holds. The store is then asked which of them exist; none is ever shown as the answer.
import { parseRequestId, requestIdFromTraceId } from '@faultline/core';

export type Correction = 'substituted' | 'swapped' | 'dropped' | 'doubled';

export interface Candidate {
  readonly requestId: string;
  readonly traceId: string;
  readonly correction: Correction;
  /** 1-based position (among the 27 symbols) of the character that was corrected. */
  readonly position: number;
}

const DATA = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK = `${DATA}*~$=U`;
const LENGTH = 27;

function traceIdOf(symbols: string): string | undefined {
  try {
    return parseRequestId(symbols);
  } catch {
    return undefined;
  }
}

function alphabetAt(index: number): string {
  return index === LENGTH - 1 ? CHECK : DATA;
}

function* variants(symbols: string): Generator<[string, Correction, number]> {
  if (symbols.length === LENGTH) {
    for (let i = 0; i < LENGTH; i += 1) {
      for (const symbol of alphabetAt(i)) {
        if (symbol !== symbols[i]) yield [symbols.slice(0, i) + symbol + symbols.slice(i + 1), 'substituted', i + 1];
      }
    }
    for (let i = 0; i < LENGTH - 1; i += 1) {
      if (symbols[i] !== symbols[i + 1]) yield [symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2), 'swapped', i + 1];
    }
  } else if (symbols.length === LENGTH - 1) {
    for (let i = 0; i < LENGTH; i += 1) {
      for (const symbol of alphabetAt(i)) yield [symbols.slice(0, i) + symbol + symbols.slice(i), 'dropped', i + 1];
    }
  } else if (symbols.length === LENGTH + 1) {
    for (let i = 0; i < symbols.length; i += 1) yield [symbols.slice(0, i) + symbols.slice(i + 1), 'doubled', i + 1];
  }
}

/**
 * Candidates for `symbols` (normalized: upper case, look-alikes mapped, no separators) that is 26–28
 * symbols long and fails its check. At most a few dozen: the check character rules out ~36 in 37.
 */
export function candidatesFor(symbols: string): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [variant, correction, position] of variants(symbols)) {
    const traceId = traceIdOf(variant);
    if (traceId === undefined || seen.has(traceId)) continue;
    seen.add(traceId);
    candidates.push({ requestId: requestIdFromTraceId(traceId), traceId, correction, position });
  }
  return candidates;
}
