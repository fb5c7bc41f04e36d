import { describe, expect, it } from 'vitest';
import { firstAppFrame } from './frames';

const STACK = [
  'Error: boom',
  '    at Object.<anonymous> (node:internal/modules/cjs/loader:1554:14)',
  '    at Layer.handle [as handle_request] (/srv/shop/node_modules/express/lib/router/layer.js:95:5)',
  '    at async loadUser (file:///srv/shop/src/routes/users.mjs:42:11)',
  '    at /srv/shop/src/server.js:7:3',
].join('\n');

describe('firstAppFrame', () => {
  it('skips Node internals and dependencies and shows the file relative to the app', () => {
    expect(firstAppFrame(STACK, '/srv/shop/src/server.js')).toEqual({ file: 'routes/users.mjs', line: 42, column: 11, function: 'loadUser' });
  });

  it('falls back to the last two path segments when the app directory is unknown or elsewhere', () => {
    expect(firstAppFrame(STACK)).toEqual({ file: 'routes/users.mjs', line: 42, column: 11, function: 'loadUser' });
    expect(firstAppFrame('Error\n    at /opt/app/server.js:9:1', '/srv/other/main.js')).toEqual({ file: 'app/server.js', line: 9, column: 1 });
  });

  it('gives nothing for a stack of dependencies only, or no stack', () => {
    expect(firstAppFrame('Error\n    at x (/a/node_modules/b/c.js:1:1)\n    at node:events:519:28')).toBeUndefined();
    expect(firstAppFrame(undefined)).toBeUndefined();
    expect(firstAppFrame(42)).toBeUndefined();
  });
});
