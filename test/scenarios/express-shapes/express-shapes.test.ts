// Express's requests and responses keep one hidden class under the preload (FAULTLINE_EXPRESS_STABLE_SHAPES):
// V8 is asked directly (%HaveSameMap) about two requests at their handler, and the same app with the
// setting off shows the per-request hidden classes the setting removes. What Express sets still reads
// the same: route, params, parsed body, res.locals, the default status.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';
import { request } from '../http/helpers';

const APPS = path.resolve(__dirname, '../../apps');
const scenario = useScenario();

interface Facts {
  id: string;
  route: string;
  body: unknown;
  locals: string;
  statusCode: number;
  sameRequestShape: boolean;
  sameResponseShape: boolean;
}

async function pairOfRequests(express: 'express4' | 'express5', env: Record<string, string> = {}): Promise<Facts[]> {
  const app = await scenario.start({
    entry: path.join(__dirname, 'shapes-app.cjs'),
    cwd: path.join(APPS, express),
    mode: 'require',
    nodeArgs: ['--allow-natives-syntax'],
    env,
  });
  const post = (id: string) => request(`${app.url}/pair/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ order: id }),
  });
  // A first pair lays down V8's transitions; the second is the steady state every later request sees.
  await Promise.all([post('warm-1'), post('warm-2')]);
  const answers = await Promise.all([post('a'), post('b')]);
  for (const answer of answers) expect(answer.status).toBe(200);
  return answers.map((answer) => answer.json<Facts>());
}

describe.each([{ express: 'express4' as const }, { express: 'express5' as const }])('$express', ({ express }) => {
  it('keeps what Express sets on the request and response', async () => {
    const facts = await pairOfRequests(express);
    expect(facts.map(({ id, route, body, locals, statusCode }) => ({ id, route, body, locals, statusCode }))).toEqual([
      { id: 'a', route: '/pair/:id', body: { order: 'a' }, locals: 'object', statusCode: 200 },
      { id: 'b', route: '/pair/:id', body: { order: 'b' }, locals: 'object', statusCode: 200 },
    ]);
  });

  it('gives every response one hidden class, and none with FAULTLINE_EXPRESS_STABLE_SHAPES=false', async () => {
    expect((await pairOfRequests(express))[1]?.sameResponseShape).toBe(true);
    expect((await pairOfRequests(express, { FAULTLINE_EXPRESS_STABLE_SHAPES: 'false' }))[1]?.sameResponseShape).toBe(false);
  });
});

// Express 5's router also keeps a private symbol on the request from the first matched layer on, which
// cannot be created ahead: there only the response keeps its hidden class.
it('gives every Express 4 request one hidden class, and none with FAULTLINE_EXPRESS_STABLE_SHAPES=false', async () => {
  expect((await pairOfRequests('express4'))[1]?.sameRequestShape).toBe(true);
  expect((await pairOfRequests('express4', { FAULTLINE_EXPRESS_STABLE_SHAPES: 'false' }))[1]?.sameRequestShape).toBe(false);
});
