// `faultline lookup <request-id>` and `faultline serve`. Arguments are parsed with node:util parseArgs:
// built into Node, strict about unknown options, no dependency for two subcommands.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createJaegerBackend } from './backend/jaeger';
import { BackendError } from './backend/types';
import type { TraceBackend } from './backend/types';
import { readEnvironment } from './config';
import { EXIT_BACKEND, EXIT_BAD_INPUT, exitCodeOf } from './exit-codes';
import { listBugs } from './lookup/bugs';
import { lookup } from './lookup/lookup';
import { renderBugs } from './lookup/render-bugs';
import { renderText } from './lookup/render-text';
import { WINDOWS, isWindow, windowRange } from './lookup/windows';
import { startServer } from './serve/server';

const USAGE = `Usage:
  faultline lookup <request-id | pasted text | -> [--json] [--jaeger URL] [--trace-ui URL]
  faultline bugs [--service NAME] [--window 15m|1h|6h|24h|7d] [--limit N] [--json] [--jaeger URL]
  faultline serve [--host 127.0.0.1] [--port 16687] [--token T|auto] [--jaeger URL] [--trace-ui URL]

Exit codes: lookup 0 found, 1 not found, 2 bad input; bugs 0 listed, 2 bad input; both 3 when the trace
store cannot be reached or does not answer its API.
Environment: FAULTLINE_JAEGER_URL, FAULTLINE_TRACE_UI_URL, FAULTLINE_SUPPORT_TOKEN.`;

const OPTIONS = {
  json: { type: 'boolean' },
  jaeger: { type: 'string' },
  'trace-ui': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  service: { type: 'string' },
  window: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > 64 * 1024) break;
  }
  return text;
}

/** `faultline bugs`: the support page's bug list in the terminal. */
async function bugsCommand(backend: TraceBackend, values: { service?: string; window?: string; limit?: string; json?: boolean }): Promise<number> {
  const window = values.window ?? '1h';
  const limit = Number(values.limit ?? 2000);
  if (!isWindow(window) || !Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    console.error(`--window must be one of ${WINDOWS.join(', ')} and --limit an integer from 1 to 100000.`);
    return EXIT_BAD_INPUT;
  }
  try {
    let service = values.service;
    if (service === undefined) {
      const known = (await backend.services()).filter((name) => name !== 'jaeger');
      if (known.length !== 1) {
        console.error(`Name the service with --service (${backend.description} has ${known.length === 0 ? 'none' : known.join(', ')}).`);
        return EXIT_BAD_INPUT;
      }
      service = known[0] as string;
    }
    const list = await listBugs(backend, { service, ...windowRange(window), limit });
    console.log(values.json === true ? JSON.stringify({ schema: 'faultline.bugs/v1', ...list }, null, 2) : renderBugs(list));
    return 0;
  } catch (error) {
    console.error(`Cannot list bugs: ${error instanceof BackendError ? error.message : String(error)}`);
    return EXIT_BACKEND;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return command === undefined && values.help !== true ? EXIT_BAD_INPUT : 0;
  }
  const env = readEnvironment();
  let backend;
  try {
    backend = createJaegerBackend({ url: values.jaeger ?? env.jaegerUrl, uiUrl: values['trace-ui'] ?? env.traceUiUrl });
  } catch (error) {
    console.error(error instanceof BackendError ? error.message : `invalid Jaeger URL: ${(error as Error).message}`);
    return EXIT_BAD_INPUT;
  }
  if (command === 'lookup') {
    const fromStdin = rest.length === 0 || (rest.length === 1 && rest[0] === '-');
    if (fromStdin && process.stdin.isTTY === true) {
      console.error(`No request ID given.\n\n${USAGE}`);
      return EXIT_BAD_INPUT;
    }
    const pasted = fromStdin ? await readStdin() : rest.join(' ');
    const result = await lookup(pasted, backend);
    if (values.json === true) console.log(JSON.stringify(result, null, 2));
    else if (result.result === 'found') console.log(renderText(result));
    else console.error(renderText(result));
    return exitCodeOf(result);
  }
  if (command === 'bugs') return bugsCommand(backend, values);
  if (command === 'serve') {
    try {
      // `--token auto`: the configured token, else a random one printed once with a login link.
      const generated = values.token === 'auto' && env.token === undefined ? randomBytes(24).toString('base64url') : undefined;
      const token = values.token === 'auto' ? (env.token ?? generated) : (values.token ?? env.token);
      const server = await startServer({ backend, host: values.host, port: values.port === undefined ? undefined : Number(values.port), token });
      console.log(`Faultline support page on ${server.url} (trace store: ${backend.description})`);
      if (generated !== undefined) console.log(`Access token generated for this run; log in with ${server.url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//localhost')}/login?token=${generated}`);
      const stop = () => { void server.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    } catch (error) {
      console.error(`faultline serve: ${(error as Error).message}`);
      return EXIT_BAD_INPUT;
    }
  }
  console.error(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
  return EXIT_BAD_INPUT;
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; },
  (error: unknown) => { console.error(error); process.exitCode = EXIT_BACKEND; },
);
