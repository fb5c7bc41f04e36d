// An ESM-only framework (NestJS 12) or a framework's ESM build started with --require: one line on stderr
// says to use --import; with --import, or a CommonJS app under --require, no such line.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from '../../support';

const scenario = useScenario();
const apps = path.resolve(__dirname, '../../apps');
const LINE = /^faultline: (\S+) is loaded as an ES module, which --require cannot instrument; start the app with `node --import @faultline\/node\/instrument` instead$/m;

describe('a framework loaded as an ES module', () => {
  it('NestJS 12 under --require: one line naming @nestjs/core and --import; the app still serves', async () => {
    const app = await scenario.start({ entry: path.join(apps, 'nest12/app.mjs'), mode: 'require' });
    expect(app.stderr()).toMatch(LINE);
    expect(LINE.exec(app.stderr())?.[1]).toBe('@nestjs/core');
    expect(app.stderr().match(new RegExp(LINE.source, 'gm'))).toHaveLength(1);
    const answer = await fetch(`${app.url}/ok`, { signal: AbortSignal.timeout(2000) });
    expect(await answer.json()).toEqual({ ok: true });
  });

  it('Hono\'s ESM build under --require: the line names hono', async () => {
    const app = await scenario.start({ entry: path.join(apps, 'hono/app.mjs'), mode: 'require' });
    expect(LINE.exec(app.stderr())?.[1]).toBe('hono');
  });

  it('no line with --import, nor for a CommonJS app under --require', async () => {
    const esm = await scenario.start({ entry: path.join(apps, 'nest12/app.mjs'), mode: 'import' });
    const cjs = await scenario.start({ entry: path.join(apps, 'hono/app.cjs'), mode: 'require' });
    expect(esm.stderr()).not.toMatch(LINE);
    expect(cjs.stderr()).not.toMatch(LINE);
  });
});
