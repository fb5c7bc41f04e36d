// Stacks are cut to a byte budget keeping both ends: the top says where it broke, the bottom how we got
// there (the entry point, the job, the request handler). A marker line says how much went missing.

export interface Cut {
  readonly top: readonly string[];
  readonly bottom: readonly string[];
  readonly cutLines: number;
  readonly cutBytes: number;
}

/** Room kept for the marker line. */
const MARKER_RESERVE = 80;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** At most `maxBytes` UTF-8 bytes of `text`, never splitting a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || byteLength(text) <= maxBytes) return text;
  const cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, maxBytes)).toString('utf8');
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

/**
 * Keeps whole lines from the top (about two thirds of the budget) and from the bottom (the rest) so that
 * the kept lines, their newlines and a marker fit in `budget` bytes.
 */
export function keepEnds(lines: readonly string[], budget: number): Cut {
  const sizes = lines.map((line) => byteLength(line) + 1);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= budget) return { top: lines, bottom: [], cutLines: 0, cutBytes: 0 };
  const room = Math.max(0, budget - MARKER_RESERVE);
  let end = 0;
  let used = 0;
  while (end < lines.length && used + (sizes[end] as number) <= (room * 2) / 3) used += sizes[end++] as number;
  let start = lines.length;
  while (start > end && used + (sizes[start - 1] as number) <= room) used += sizes[--start] as number;
  return {
    top: lines.slice(0, end),
    bottom: lines.slice(start),
    cutLines: start - end,
    cutBytes: total - used,
  };
}

export function marker(cutLines: number, cutBytes: number): string {
  return `    ... ${cutLines} frame${cutLines === 1 ? '' : 's'} (${cutBytes} bytes) cut by faultline ...`;
}

/**
 * Any stack text cut to `maxBytes` keeping its top and bottom lines, with the marker between. For stacks
 * recorded by others (an instrumentation's own `exception` event), cut at export like Faultline's own.
 */
export function cutStack(stack: string, maxBytes: number): string {
  if (stack.length <= maxBytes / 3 || byteLength(stack) <= maxBytes) return stack;
  const cut = keepEnds(stack.split('\n'), maxBytes);
  if (cut.top.length === 0 && cut.bottom.length === 0) return truncateBytes(stack, maxBytes);
  return [...cut.top, marker(cut.cutLines, cut.cutBytes), ...cut.bottom].join('\n');
}
