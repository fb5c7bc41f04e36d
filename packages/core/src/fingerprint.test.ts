import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError } from './errors';
import { fingerprint, normalizeMessage } from './fingerprint';

const require = createRequire(__filename);
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Writes the same app file under a different install root, shifted by `padding` lines (a new deploy). */
function deploy(release: string, padding: number): { loadUser: (id: string) => void; chargeCard: (id: string) => void } {
  const root = mkdtempSync(join(tmpdir(), `faultline-fp-${release}-`));
  roots.push(root);
  mkdirSync(join(root, 'srv', release, 'dist', 'routes'), { recursive: true });
  const file = join(root, 'srv', release, 'dist', 'routes', 'users.js');
  writeFileSync(
    file,
    `${'\n'.repeat(padding)}
function loadUser(id) { const user = undefined; return user.profile[id]; }
function chargeCard(id) { throw new Error('card ' + id + ' declined by gateway at 0x7ffd1c2a'); }
module.exports = { loadUser, chargeCard };`,
  );
  return require(file) as never;
}

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('fingerprint', () => {
  it('is 16 lowercase hex characters, for anything thrown', () => {
    for (const value of [new Error('x'), 'x', null, undefined, 42, { a: 1 }, new Proxy({}, { get: () => { throw new Error('trap'); } })]) {
      expect(fingerprint(value)).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('gives the same bug the same fingerprint across requests, install roots, releases and line shifts', () => {
    const v1 = deploy('release-2024-01-01', 0);
    const v2 = deploy('release-2024-02-17', 37);
    const a = caught(() => v1.chargeCard('4821'));
    const b = caught(() => v1.chargeCard('9913'));
    const c = caught(() => v2.chargeCard('12'));
    expect((a as Error).stack).not.toBe((c as Error).stack);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).toBe(fingerprint(c));
    expect(fingerprint(caught(() => v1.loadUser('u-1')))).toBe(fingerprint(caught(() => v2.loadUser('u-2'))));
  });

  it('tells different bugs apart: type, code, place, message shape', () => {
    const app = deploy('release-x', 0);
    const typeError = caught(() => app.loadUser('1'));
    const declined = caught(() => app.chargeCard('1'));
    expect(fingerprint(typeError)).not.toBe(fingerprint(declined));
    expect(fingerprint(new NotFoundError('x', { code: 'ORDER_NOT_FOUND' }))).not.toBe(
      fingerprint(new NotFoundError('x', { code: 'USER_NOT_FOUND' })),
    );
    const stack = (name: string) => `Error: boom\n    at ${name} (/app/src/a.js:1:1)\n    at main (/app/src/main.js:2:2)`;
    const one = Object.assign(new Error('boom'), { stack: stack('save') });
    const two = Object.assign(new Error('boom'), { stack: stack('load') });
    expect(fingerprint(one)).not.toBe(fingerprint(two));
    expect(fingerprint('user not found')).not.toBe(fingerprint('payment failed'));
  });

  it('ignores node_modules install layout and package versions, keeping the path inside the package', () => {
    const make = (prefix: string) =>
      Object.assign(new Error('fail'), {
        stack: `Error: fail\n    at Layer.handle (${prefix}/node_modules/express/lib/router/layer.js:95:5)\n    at next (node:internal/process/task_queues:140:7)`,
      });
    const npm = make('/home/deploy/app');
    const pnpm = make('C:\\build\\app\\node_modules\\.pnpm\\express@4.21.2');
    expect(fingerprint(npm)).toBe(fingerprint(pnpm));
  });

  it('uses the top application frames and collapses recursion', () => {
    const frames = (depth: number) =>
      `RangeError: too deep\n${'    at walk (/a/src/tree.js:3:9)\n'.repeat(depth)}    at main (/a/src/main.js:1:1)`;
    const shallow = Object.assign(new RangeError('too deep'), { stack: frames(2) });
    const deep = Object.assign(new RangeError('too deep'), { stack: frames(20) });
    expect(fingerprint(shallow)).toBe(fingerprint(deep));
  });

  it('includes the cause chain types', () => {
    const wrap = (cause: Error) => Object.assign(new Error('request failed', { cause }), { stack: 'Error: request failed\n    at f (/a/b.js:1:1)' });
    expect(fingerprint(wrap(new TypeError('x')))).not.toBe(fingerprint(wrap(new RangeError('x'))));
  });
});

describe('normalizeMessage', () => {
  it.each([
    ["Cannot read properties of undefined (reading 'email')", 'Cannot read properties of undefined (reading <str>)'],
    ['User 8412 not found', 'User <n> not found'],
    ['order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 missing', 'order <uuid> missing'],
    ['bad pointer 0x7ffd1c2a and deadbeefcafe', 'bad pointer <hex> and <hex>'],
    ['connect ECONNREFUSED 10.0.0.7:5432', 'connect ECONNREFUSED <n>'],
    ["ENOENT: no such file or directory, open '/srv/app/config.json'", 'ENOENT: no such file or directory, open <str>'],
    ["don't retry job job_81x3", "don't retry job <n>"],
    ['  spaced\n\tout  ', 'spaced out'],
  ])('%s', (message, expected) => {
    expect(normalizeMessage(message)).toBe(expected);
  });
});
