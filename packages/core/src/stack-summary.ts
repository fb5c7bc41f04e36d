// A recorded stack: the header rebuilt from the redacted message, the frames redacted and cut to the
// byte budget (top and bottom kept, a marker between). Frames repeat from one error to the next, so
// their processed form is cached per redactor, budget and frame text.
import type { Redactor } from './redact';
import { redactText } from './default-redactor';
import { framesOf } from './stack-frames';
import { byteLength, keepEnds, marker, truncateBytes } from './stack-cut';

const CACHE_LIMIT = 256;
/** Longer frame texts are not cached: the cache must not hold on to huge strings. */
const CACHE_MAX_CHARS = 16 * 1024;
/** Frames longer than this many budgets (in characters) are cut once before redaction, bounding its work. */
const PRE_CUT_FACTOR = 2;
/** Room for the marker line when a pre-cut happened. */
const MARKER_ROOM = 80;
const cache = new WeakMap<Redactor, Map<number, Map<string, string>>>();

function cached(redactor: Redactor, budget: number): Map<string, string> {
  let byBudget = cache.get(redactor);
  if (byBudget === undefined) cache.set(redactor, (byBudget = new Map()));
  let byFrames = byBudget.get(budget);
  if (byFrames === undefined || byFrames.size >= CACHE_LIMIT) byBudget.set(budget, (byFrames = new Map()));
  return byFrames;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return text.length > 0 && !text.endsWith('\n') ? count + 1 : count;
}

/**
 * Cuts the middle out of very long frame text by character position, at line boundaries, before any
 * line is split or redacted: a 10 MB stack costs a few scans, not 100,000 redacted lines.
 */
function preCut(frames: string, window: number): { top: string; bottom: string; lines: number; bytes: number } {
  const headEnd = frames.lastIndexOf('\n', Math.floor((window * 2) / 3));
  const tailStart = frames.indexOf('\n', frames.length - Math.floor(window / 3)) + 1;
  const top = headEnd > 0 ? frames.slice(0, headEnd) : '';
  const middleStart = headEnd > 0 ? headEnd + 1 : 0;
  const middleEnd = tailStart > middleStart ? tailStart : frames.length;
  const middle = frames.slice(middleStart, middleEnd);
  return { top, bottom: frames.slice(middleEnd), lines: countLines(middle), bytes: byteLength(middle) };
}

/** Redacts and cuts frame lines to `budget` bytes. */
function processFrames(frames: string, budget: number, redactor: Redactor): string {
  const window = budget * PRE_CUT_FACTOR;
  if (frames.length <= window) {
    const cut = keepEnds(splitLines(redactText(redactor, frames)), budget);
    return cut.cutLines === 0 ? cut.top.join('\n') : [...cut.top, marker(cut.cutLines, cut.cutBytes), ...cut.bottom].join('\n');
  }
  const pre = preCut(frames, window);
  const top = pre.top === '' ? [] : splitLines(redactText(redactor, pre.top));
  const bottom = pre.bottom === '' ? [] : splitLines(redactText(redactor, pre.bottom));
  const lines = [...top, ...bottom];
  const cut = keepEnds(lines, budget - MARKER_ROOM);
  const kept = cut.cutLines === 0 ? { top, bottom } : cut;
  return [...kept.top, marker(cut.cutLines + pre.lines, cut.cutBytes + pre.bytes), ...kept.bottom].join('\n');
}

/**
 * The stack to record: `<type>: <redacted message>` then the redacted frames, at most `budget` bytes.
 * Stacks in another format (no `    at ` lines) are redacted as a whole and cut the same way.
 */
export function summarizeStack(rawStack: string, header: string, budget: number, redactor: Redactor): string {
  let head = header;
  if (byteLength(head) > budget / 2) head = `${truncateBytes(head, Math.floor(budget / 2) - 3)}…`;
  const v8Frames = framesOf(rawStack);
  const frames = v8Frames !== '' ? v8Frames : rawStack.slice(rawStack.indexOf('\n') + 1 || rawStack.length);
  if (frames.length === 0) return head;
  const frameBudget = budget - byteLength(head) - 1;
  const memo = frames.length <= CACHE_MAX_CHARS ? cached(redactor, frameBudget) : undefined;
  let processed = memo?.get(frames);
  if (processed === undefined) {
    processed = processFrames(frames, frameBudget, redactor);
    memo?.set(frames, processed);
  }
  return processed.length > 0 ? `${head}\n${processed}` : head;
}
