// lookup: how long support waits, on the local stack (real Jaeger, in-memory storage). Loads 10,000
// failed requests (40 bugs, Faultline's span attributes and exception events, sent as OTLP straight to
// Jaeger) and then times, through the same code as `faultline lookup` and the page:
//   - a found ID (one trace fetch + summary), a typo'd ID (candidates + one existence query),
//   - an unknown valid ID (a 404), and the bug list of the service over all 10,000 failures, beside the
//     same Jaeger searches fetched and parsed with nothing else (the floor).
// Run: `npm run bench -- lookup` (BENCH_RUNS sets the runs per case; default 30, bug list 5).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { requestIdFromTraceId } from '../packages/core/src/index';
import { createJaegerBackend } from '../packages/cli/src/backend/jaeger';
import { listBugs } from '../packages/cli/src/lookup/bugs';
import { lookup } from '../packages/cli/src/lookup/lookup';
import { startStack } from '../test/e2e/support/stack';

const FAILURES = 10_000;
const BUGS = 40;
const BATCH = 500;
const SERVICE = 'bench-lookup';
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const STACK = 'Error: boom\n    at handler (/srv/app/routes/items.js:42:11)\n    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

function failedSpan(i: number, traceId: string, nowNs: bigint) {
  const bug = i % BUGS;
  const start = nowNs - BigInt(FAILURES - i) * 100_000_000n;
  const fingerprint = bug.toString(16).padStart(16, 'f');
  const severity = SEVERITIES[bug % 4] as string;
  const faultline = [str('faultline.severity', severity), str('faultline.fingerprint', fingerprint), int('faultline.error.status', 500)];
  return {
    traceId,
    spanId: randomBytes(8).toString('hex'),
    name: `GET /items/:id/${bug}`,
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 12_000_000n),
    attributes: [str('http.request.method', 'GET'), str('http.route', `/items/:id/${bug}`), int('http.response.status_code', 500),
      str('error.type', `Bug${bug}Error`), str('faultline.request_id', requestIdFromTraceId(traceId)), ...faultline],
    events: [{ name: 'exception', timeUnixNano: String(start + 10_000_000n), attributes: [str('exception.type', `Bug${bug}Error`),
      str('exception.message', `item ${i} could not be read`), str('exception.stacktrace', STACK), ...faultline] }],
    status: { code: 2, message: `Bug${bug}Error` },
  };
}

async function load(otlp: string): Promise<string[]> {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const traceIds = Array.from({ length: FAILURES }, () => randomBytes(16).toString('hex'));
  for (let from = 0; from < FAILURES; from += BATCH) {
    const spans = traceIds.slice(from, from + BATCH).map((id, k) => failedSpan(from + k, id, nowNs));
    const body = { resourceSpans: [{ resource: { attributes: [str('service.name', SERVICE)] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] };
    const answer = await fetch(`${otlp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!answer.ok) throw new Error(`Jaeger's OTLP receiver answered ${answer.status}`);
  }
  return traceIds;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number; runs: number }> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round((samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN) * 100) / 100;
  return { medianMs: at(0.5), p95Ms: at(0.95), runs };
}

/** What the bug list cannot go below: Jaeger's four searches and JSON.parse, nothing of ours. */
async function rawSearches(jaegerUrl: string, window: { startMs: number; endMs: number; limit: number }): Promise<number> {
  const answers = await Promise.all(SEVERITIES.map(async (severity) => {
    const params = new URLSearchParams({ service: SERVICE, start: String(window.startMs * 1000), end: String(window.endMs * 1000), limit: String(window.limit), tags: JSON.stringify({ 'faultline.severity': severity }) });
    return (JSON.parse(await (await fetch(`${jaegerUrl}/api/traces?${params.toString()}`)).text()) as { data: unknown[] }).data.length;
  }));
  return answers.reduce((a, b) => a + b, 0);
}

export async function run(): Promise<Array<Record<string, unknown>>> {
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const stack = await startStack();
  try {
    const traceIds = await load(stack.jaegerOtlpEndpoint);
    const backend = createJaegerBackend({ url: stack.jaegerUrl, timeoutMs: 60_000 });
    const window = { service: SERVICE, startMs: Date.now() - 2 * 3_600_000, endMs: Date.now() + 60_000, limit: FAILURES };
    // Wait until Jaeger holds all of them (its OTLP receiver batches).
    for (let tries = 0; (await backend.findFailures(window)).traces.length < FAILURES; tries += 1) {
      if (tries > 60) throw new Error('Jaeger did not receive all failures within 60 s');
      await new Promise((done) => setTimeout(done, 1000));
    }
    const ids = traceIds.map(requestIdFromTraceId);
    let n = 0;
    const next = () => ids[(n += 7919) % ids.length] as string;
    const typo = (id: string) => `${id.slice(0, 10)}${id[10] === 'Z' ? 'Y' : 'Z'}${id.slice(11)}`;
    const expect = async (pasted: string, ok: (answer: Awaited<ReturnType<typeof lookup>>) => boolean) => {
      const answer = await lookup(pasted, backend);
      if (!ok(answer)) throw new Error(`lookup of ${pasted} gave ${JSON.stringify(answer).slice(0, 200)}`);
    };
    const corrected = (id: string) => (answer: Awaited<ReturnType<typeof lookup>>) =>
      answer.result === 'not_found' && answer.didYouMean.some((s) => s.requestId === id);
    const bugs = await listBugs(backend, window);
    if (bugs.bugs.length !== BUGS || bugs.tracesRead !== FAILURES) throw new Error(`bug list: ${bugs.bugs.length} bugs from ${bugs.tracesRead} traces`);
    return [
      { name: 'lookup: found ID (fetch + summary)', ...(await time(runs, () => expect(next(), (a) => a.result === 'found'))) },
      { name: 'lookup: typo\'d ID (candidates + existence query)', ...(await time(runs, () => { const id = next(); return expect(typo(id), corrected(id)); })) },
      { name: 'lookup: unknown valid ID (404)', ...(await time(runs, () => expect(requestIdFromTraceId(randomBytes(16).toString('hex')), (a) => a.result === 'not_found'))) },
      { name: `bug list: ${FAILURES} failures, ${BUGS} bugs`, ...(await time(Math.max(1, Math.round(runs / 6)), () => listBugs(backend, window))) },
      { name: 'baseline: the same four Jaeger searches, fetched and JSON-parsed only', ...(await time(Math.max(1, Math.round(runs / 6)), () => rawSearches(stack.jaegerUrl, window))) },
    ];
  } finally {
    await stack.stop();
  }
}
