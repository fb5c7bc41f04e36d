// Where a failure happened: the first application frame of a recorded stack (not Node's internals, not a
// dependency), with the file shown relative to the app's directory when the trace says where that is.

export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly function?: string;
}

const FRAME = /^\s*at\s+(?:async\s+)?(.*)$/;
const LOCATION = /^(.*?):(\d+)(?::(\d+))?$/;
const NOT_APP = /^(?:node:|internal\/|native$|<anonymous>|evalmachine|index \d+)/;

function split(text: string): { fn?: string; location: string } {
  const open = text.lastIndexOf(' (');
  if (open > 0 && text.endsWith(')')) return { fn: text.slice(0, open), location: text.slice(open + 2, -1) };
  return { location: text };
}

/** `dir/of/app/routes/x.js` → `routes/x.js` when the app directory is known, else the last two segments. */
function relative(path: string, appDir: string | undefined): string {
  if (appDir !== undefined && appDir.length > 1 && path.startsWith(`${appDir}/`)) return path.slice(appDir.length + 1);
  return path.split('/').filter((part) => part.length > 0).slice(-2).join('/');
}

function directoryOf(entry: string | undefined): string | undefined {
  if (entry === undefined) return undefined;
  const path = entry.replace(/^file:\/\//, '').replace(/\\/g, '/');
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : undefined;
}

/** The first frame of `stack` in the application's own code, or undefined when there is none. */
export function firstAppFrame(stack: unknown, entry?: string): Location | undefined {
  if (typeof stack !== 'string') return undefined;
  const appDir = directoryOf(entry);
  for (const line of stack.split('\n', 200)) {
    const frame = FRAME.exec(line);
    if (frame?.[1] === undefined) continue;
    const { fn, location } = split(frame[1]);
    const path = location.replace(/^file:\/\//, '').replace(/\\/g, '/');
    if (NOT_APP.test(path) || path.includes('/node_modules/')) continue;
    const parts = LOCATION.exec(path);
    const file = relative(parts?.[1] ?? path, appDir);
    return {
      file,
      ...(parts?.[2] === undefined ? {} : { line: Number(parts[2]) }),
      ...(parts?.[3] === undefined ? {} : { column: Number(parts[3]) }),
      ...(fn === undefined || fn.length === 0 ? {} : { function: fn }),
    };
  }
  return undefined;
}
