// What support staff paste is rarely just the ID: an `X-Request-ID: …` line, a problem+json body, a URL,
// a sentence, the ID read out with spaces, in lower case, with O for 0. This finds the ID in it and says
// whether it is one, a near miss (with candidates), or nothing usable.
import { parseRequestId, requestIdFromTraceId } from '@faultline/core';
import { candidatesFor } from './candidates';
import type { Candidate } from './candidates';

export type ParsedInput =
  | { readonly kind: 'id'; readonly requestId: string; readonly traceId: string }
  | { readonly kind: 'mistyped'; readonly typed: string; readonly reason: string; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Pasted text beyond this is not read (a whole log file is not an ID). */
const MAX_INPUT = 64 * 1024;
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const LABELLED = [
  /x-request-id\s*[:=]\s*"?([^"\r\n,;]+)/i,
  /"request_?id"\s*:\s*"([^"]*)"/i,
  /\/r\/([^/?#\s"'<>]+)/,
  /[?&](?:request_?id|q)=([^&#\s"'<>]+)/i,
];
const TRACE_ID = /(?:^|[^0-9a-f])([0-9a-f]{32})(?![0-9a-f])/i;
const GROUPED = /[0-9a-z*~$=]+(?:[ \t]*-+[ \t]*[0-9a-z*~$=]+){2,}/gi;
const PLAIN = /(?:^|[^0-9a-z*~$=])([0-9a-z*~$=]{25,29})(?![0-9a-z*~$=])/gi;
const ONLY_ID = /^[0-9a-z*~$=\s-]+$/i;

/** Upper case, look-alikes mapped, separators dropped. */
export function normalizeSymbols(text: string): string {
  return text.toUpperCase().replace(/[\s-]+/g, '').replace(/[OIL]/g, (char) => LOOK_ALIKES[char] ?? char);
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Where the ID most likely is, most specific first. */
function locate(text: string): string[] {
  const found: string[] = [];
  for (const pattern of LABELLED) {
    const match = pattern.exec(text);
    if (match?.[1] !== undefined) found.push(decodeComponent(match[1]).trim());
  }
  const trace = TRACE_ID.exec(text)?.[1];
  if (trace !== undefined) found.push(trace);
  for (const match of text.matchAll(GROUPED)) {
    const length = normalizeSymbols(match[0]).length;
    if (length >= 20 && length <= 34) found.push(match[0]);
  }
  for (const match of text.matchAll(PLAIN)) if (match[1] !== undefined) found.push(match[1]);
  if (ONLY_ID.test(text)) found.push(text);
  return found;
}

function judge(raw: string): ParsedInput {
  if (/^[0-9a-f]{32}$/i.test(raw)) {
    const traceId = raw.toLowerCase();
    try {
      return { kind: 'id', requestId: requestIdFromTraceId(traceId), traceId };
    } catch (error) {
      return { kind: 'invalid', reason: (error as Error).message };
    }
  }
  try {
    const traceId = parseRequestId(raw);
    return { kind: 'id', requestId: requestIdFromTraceId(traceId), traceId };
  } catch (error) {
    const reason = (error as Error).message;
    const symbols = normalizeSymbols(raw);
    const nearLength = symbols.length >= 26 && symbols.length <= 28;
    if (nearLength && /^[0-9A-Z*~$=]+$/.test(symbols)) {
      return { kind: 'mistyped', typed: raw.trim(), reason, candidates: candidatesFor(symbols) };
    }
    return { kind: 'invalid', reason };
  }
}

/** Finds and judges the request ID in whatever was pasted; the first place that holds a valid ID wins. */
export function parseInput(pasted: string): ParsedInput {
  const text = typeof pasted === 'string' ? pasted.slice(0, MAX_INPUT).trim() : '';
  if (text.length === 0) return { kind: 'invalid', reason: 'No request ID given.' };
  const judged = locate(text).map(judge);
  return (
    judged.find((input) => input.kind === 'id') ??
    judged.find((input) => input.kind === 'mistyped') ??
    judged[0] ?? { kind: 'invalid', reason: 'No request ID found in the input (an ID has 27 characters, like 2BZ-4QKA-XXK9-PKA7-KMJK-M70W-HSPY).' }
  );
}
