// Express's requests and responses keep one hidden class under the preload: V8 is asked directly
// (%HaveSameMap) about two requests at their handler. Before V8 13.6 (Node 22) that takes Faultline's
// seeding (FAULTLINE_EXPRESS_STABLE_SHAPES, on there by default) and the same app without it shows one
// hidden class per request; from V8 13.6 (Node 24) on V8 keeps one by itself, and the seeding is off
// by default. What Express sets still reads
// the same: route, params, parsed body, res.locals, the default status; a handler that reads the stream
// when no parser set `req.body` (as tRPC's Express adapter does) still gets it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';
import { request } from '../http/helpers';

const APPS = path.resolve(__dirname, '../../apps');
const scenario = useScenario();

interface Facts {
  id: string;
  route: string;
  locals: string;
  statusCode: number;
  sameRequestShape: boolean;
  sameResponseShape: boolean;
  seeded: boolean;
}

const [V8_MAJOR = 0, V8_MINOR = 0] = process.versions.v8.split('.').map(Number);
/** What V8 13.6 changed: an object that gains properties after a prototype swap keeps a shared hidden class. */
const V8_KEEPS_SHAPES = V8_MAJOR > 13 || (V8_MAJOR === 13 && V8_MINOR >= 6);
const V8 = `V8 ${V8_MAJOR}.${V8_MINOR}`;
const ON = { FAULTLINE_EXPRESS_STABLE_SHAPES: 'true' };
const OFF = { FAULTLINE_EXPRESS_STABLE_SHAPES: 'false' };

type Express = 'express4' | 'express5';

const startShapesApp = (express: Express, env: Record<string, string> = {}) => scenario.start({
  entry: path.join(__dirname, 'shapes-app.cjs'),
  cwd: path.join(APPS, express),
  mode: 'require',
  nodeArgs: ['--allow-natives-syntax'],
  env,
});

async function pairOfRequests(express: Express, env: Record<string, string> = {}): Promise<Facts[]> {
  const app = await startShapesApp(express, env);
  const get = (id: string) => request(`${app.url}/pair/${id}`);
  // A first pair lays down V8's transitions; the second is the steady state every later request sees.
  await Promise.all([get('warm-1'), get('warm-2')]);
  const answers = await Promise.all([get('a'), get('b')]);
  for (const answer of answers) expect(answer.status).toBe(200);
  return answers.map((answer) => answer.json<Facts>());
}

describe.each([{ express: 'express4' as const }, { express: 'express5' as const }])('$express', ({ express }) => {
  it('keeps what Express sets on the request and response', async () => {
    const facts = await pairOfRequests(express);
    expect(facts.map(({ id, route, locals, statusCode }) => ({ id, route, locals, statusCode }))).toEqual([
      { id: 'a', route: '/pair/:id', locals: 'object', statusCode: 200 },
      { id: 'b', route: '/pair/:id', locals: 'object', statusCode: 200 },
    ]);
  });

  it('leaves body parsing to the body parser', async () => {
    const app = await startShapesApp(express);
    const answer = await request(`${app.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":7}' });
    expect(answer.json()).toEqual({ order: 7 });
  });

  it('leaves the body to a handler that reads the stream when no parser set req.body, as tRPC does', async () => {
    const app = await startShapesApp(express);
    const answer = await request(`${app.url}/raw`, { method: 'POST', body: 'mutation input' });
    expect(answer.json()).toEqual({ bodyInRequest: false, read: 'mutation input' });
  });

  it('still answers failures and unmatched routes (on-finished and the original URL are among the names)', async () => {
    const app = await startShapesApp(express);
    expect((await request(`${app.url}/fail`)).status).toBe(500);
    expect((await request(`${app.url}/nothing-here`)).status).toBe(404);
  });

  it(`seeds by default only where V8 needs it (${V8}: ${V8_KEEPS_SHAPES ? 'no' : 'yes'}), and as the setting says`, async () => {
    expect((await pairOfRequests(express))[1]?.seeded).toBe(!V8_KEEPS_SHAPES);
    expect((await pairOfRequests(express, ON))[1]?.seeded).toBe(true);
    expect((await pairOfRequests(express, OFF))[1]?.seeded).toBe(false);
  });

  it(`gives every response one hidden class by default; without the seeding only from V8 13.6 on (${V8})`, async () => {
    expect((await pairOfRequests(express))[1]?.sameResponseShape).toBe(true);
    expect((await pairOfRequests(express, ON))[1]?.sameResponseShape).toBe(true);
    expect((await pairOfRequests(express, OFF))[1]?.sameResponseShape).toBe(V8_KEEPS_SHAPES);
  });
});

// Express 5's router also keeps a private symbol on the request from the first matched layer on, which
// cannot be created ahead: there only the response keeps its hidden class.
it(`gives every Express 4 request one hidden class by default; without the seeding only from V8 13.6 on (${V8})`, async () => {
  expect((await pairOfRequests('express4'))[1]?.sameRequestShape).toBe(true);
  expect((await pairOfRequests('express4', ON))[1]?.sameRequestShape).toBe(true);
  expect((await pairOfRequests('express4', OFF))[1]?.sameRequestShape).toBe(V8_KEEPS_SHAPES);
});
