// A recorded stack: the header rebuilt from the redacted message, the frames redacted and cut to the
// byte budget (top and bottom kept, a marker between). Frames repeat from one error to the next, so
// their processed form is cached per redactor, budget and frame text.
import type { Redactor } from './redact';
import { redactText } from './default-redactor';
import { framesOf } from './stack-frames';
import { byteLength, keepEnds, marker, truncateBytes } from './stack-cut';

const CACHE_LIMIT = 256;
/** Frames longer than this many budgets are cut once before redaction, so redaction work stays bounded. */
const PRE_CUT_FACTOR = 2;
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

/** Redacts and cuts frame lines to `budget` bytes. */
function processFrames(frames: string, budget: number, redactor: Redactor): string {
  let lines = splitLines(frames);
  let preLines = 0;
  let preBytes = 0;
  let boundary = -1;
  if (byteLength(frames) > budget * PRE_CUT_FACTOR) {
    const pre = keepEnds(lines, budget * PRE_CUT_FACTOR);
    preLines = pre.cutLines;
    preBytes = pre.cutBytes;
    const top = splitLines(redactText(redactor, pre.top.join('\n')));
    const bottom = pre.bottom.length > 0 ? splitLines(redactText(redactor, pre.bottom.join('\n'))) : [];
    boundary = top.length;
    lines = [...top, ...bottom];
  } else {
    lines = splitLines(redactText(redactor, frames));
  }
  const cut = keepEnds(lines, preLines > 0 ? budget - 80 : budget);
  if (cut.cutLines === 0 && preLines === 0) return cut.top.join('\n');
  const kept = cut.cutLines === 0 ? { top: lines.slice(0, boundary), bottom: lines.slice(boundary) } : cut;
  return [...kept.top, marker(cut.cutLines + preLines, cut.cutBytes + preBytes), ...kept.bottom].join('\n');
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
  const memo = cached(redactor, frameBudget);
  let processed = memo.get(frames);
  if (processed === undefined) {
    processed = processFrames(frames, frameBudget, redactor);
    memo.set(frames, processed);
  }
  return processed.length > 0 ? `${head}\n${processed}` : head;
}
