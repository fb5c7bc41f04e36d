// Stack frames reduced to what stays the same for one bug across requests, processes and deploys:
// function and file, without line and column numbers, install paths, versions or build hashes.

/** A frame as fingerprinting sees it. */
export interface StableFrame {
  /** `function@file`, e.g. `loadUser@routes/users.js` or `handle@express/lib/router/layer.js`. */
  readonly key: string;
  /** Application code: not a dependency (node_modules), not Node's internals, not native. */
  readonly inApp: boolean;
}

const FRAME_LINE = /^\s*at\s+(.*)$/;
const LINE_COLUMN = /(?::\d+){1,2}$/;
const BUILD_NOISE = /[0-9a-f]{6,}|\d+/gi;
const NOT_APP = /^(?:node:|internal\/|native$|<anonymous>$|index \d+$|eval at )/;

/** Splits `fn (location)` / `location` as V8 prints them (eval frames nest parentheses). */
function splitFrame(text: string): { fn: string; location: string } {
  const open = text.indexOf(' (');
  if (open > 0 && text.endsWith(')')) return { fn: text.slice(0, open), location: text.slice(open + 2, -1) };
  return { fn: '', location: text };
}

function stableFile(location: string): { file: string; inApp: boolean } {
  let path = location.replace(LINE_COLUMN, '').replace(/^file:\/\//, '').replace(/\\/g, '/');
  if (NOT_APP.test(path)) return { file: path.replace(BUILD_NOISE, '#'), inApp: false };
  const modules = path.lastIndexOf('node_modules/');
  if (modules !== -1) return { file: path.slice(modules + 'node_modules/'.length), inApp: false };
  // Install roots differ between machines and releases: keep the last two segments only.
  const segments = path.split('/').filter((segment) => segment.length > 0);
  path = segments.slice(-2).join('/');
  return { file: path.replace(BUILD_NOISE, '#'), inApp: true };
}

/** Parses V8 stack lines (`    at …`) into stable frames; other lines are skipped. */
export function stableFrames(stack: string, limit = 50): StableFrame[] {
  const frames: StableFrame[] = [];
  let start = 0;
  while (start < stack.length && frames.length < limit) {
    let end = stack.indexOf('\n', start);
    if (end === -1) end = stack.length;
    const match = FRAME_LINE.exec(stack.slice(start, end));
    start = end + 1;
    if (match === null) continue;
    const { fn, location } = splitFrame(match[1] ?? '');
    const { file, inApp } = stableFile(location);
    const name = fn.replace(/^async /, '');
    frames.push({ key: `${name}@${file}`, inApp });
  }
  return frames;
}

/** The index where frames start (the first `    at ` line), or -1 when the stack has none. */
export function framesStart(stack: string): number {
  const match = /\n\s*at\s/.exec(stack);
  return match === null ? -1 : match.index + 1;
}

let lastStack = '';
let lastFrames = '';

/**
 * The frame lines of a stack (from the first `    at ` line), or '' when it has none. Fingerprinting and
 * recording ask for the same stack in turn: a one-entry memo returns the same string object, so its
 * hash is computed once for both caches.
 */
export function framesOf(stack: string): string {
  if (stack === lastStack) return lastFrames;
  const start = framesStart(stack);
  lastStack = stack;
  lastFrames = start === -1 ? '' : stack.slice(start);
  return lastFrames;
}
