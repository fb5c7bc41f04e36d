// The fuzz corpus (2,000 hostile requests, fuzz-corpus.ts) against the Express 4 app in production mode,
// with the preload and without: every request gets an answer with a valid X-Request-ID, the same status
// as without the preload, no stack, path or secret in any body, and the app still serves afterwards.
import path from 'node:path';
import { parseRequestId } from '@faultline/core';
import { expect, it } from 'vitest';
import { rawRequest, startApp, useScenario } from '../../support';
import type { RawResponse, RunningApp } from '../../support';
import { fuzzCorpus } from './fuzz-corpus';

const APP = path.join(__dirname, '..', '..', 'apps', 'express4', 'app.cjs');
const COUNT = Number(process.env.RELIABILITY_FUZZ_COUNT ?? '2000');
const CONCURRENCY = 16;
const scenario = useScenario();
const corpus = fuzzCorpus(COUNT);

async function sendAll(app: RunningApp, timeoutMs: number): Promise<RawResponse[]> {
  const answers: RawResponse[] = new Array<RawResponse>(corpus.length);
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < corpus.length) {
      const index = next;
      next += 1;
      answers[index] = await rawRequest(app.port, corpus[index]!.bytes, timeoutMs);
    }
  }));
  return answers;
}

function validRequestId(value: string | undefined): boolean {
  try {
    return parseRequestId(value ?? '').length === 32;
  } catch {
    return false;
  }
}

it(`answers all ${COUNT} fuzzed requests as before, each with an X-Request-ID and nothing internal`, async () => {
  const env = { NODE_ENV: 'production' };
  // Express 4 alone leaves a rejected async handler hanging: those wait out a short bound.
  let startedAt = Date.now();
  const plain = await sendAll(await startApp({ entry: APP, mode: 'none', env }), 1000);
  const plainMs = Date.now() - startedAt;
  const app = await scenario.start({ entry: APP, mode: 'require', env });
  startedAt = Date.now();
  const answers = await sendAll(app, 3000);
  const refused = corpus.filter((c, i) => c.kind === 'parser' && answers[i]!.headers['content-type']?.startsWith('application/problem+json')).length;
  process.stdout.write(`fuzz: ${COUNT} requests (${refused} refused before the app: parser errors and unmet Expect, answered by Faultline), plain ${plainMs} ms, with the preload ${Date.now() - startedAt} ms\n`);

  const unanswered = corpus.filter((_, i) => answers[i]!.status === 0).map((c) => c.kind);
  expect(unanswered).toEqual([]);
  const withoutId = answers.map((a, i) => ({ a, i })).filter(({ a }) => !validRequestId(a.headers['x-request-id']));
  expect(withoutId.map(({ a, i }) => `${corpus[i]!.kind} ${a.status}`)).toEqual([]);
  // Statuses as without the preload, where the plain app answered at all (Express 4 leaves an async
  // throw hanging: the preload answers it with a 500, a documented difference).
  const changed = corpus.map((c, i) => ({ c, before: plain[i]!.status, after: answers[i]!.status }))
    .filter(({ before, after }) => before !== 0 && before !== after);
  expect(changed.map(({ c, before, after }) => `${c.kind} ${before}→${after}: ${c.bytes.slice(0, 60)}`)).toEqual([]);
  for (const answer of answers) {
    expect(answer.body).not.toMatch(/\n\s+at |node_modules|\.cjs|sk_live_FAKE|hunter2/);
  }
  const alive = await fetch(`${app.url}/ok`);
  expect(alive.status).toBe(200);
}, 180_000);
