// Framework patch files load with their framework, not at start-up (a child process under the preload).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PRELOAD = require.resolve('@faultline/node/instrument');

/** Our framework patch files in the child's module cache: at start-up, and after it required `ws`. */
function loadedPatchFiles(env: Record<string, string> = {}): { atStart: string[]; afterWs: string[]; wsPatched: boolean } {
  const script = `
    const loaded = () => Object.keys(require.cache).filter((f) => /node[\\\\/]dist[\\\\/]frameworks[\\\\/]/.test(f)).map((f) => f.replace(/.*frameworks[\\\\/]/, ''));
    const atStart = loaded();
    const { WebSocketServer } = require('ws');
    const wsPatched = Object.hasOwn(WebSocketServer.prototype, 'emit');
    process.stdout.write(JSON.stringify({ atStart, afterWs: loaded(), wsPatched }));`;
  const out = execFileSync(process.execPath, ['--require', PRELOAD, '-e', script], {
    env: { PATH: process.env.PATH, OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(out) as { atStart: string[]; afterWs: string[]; wsPatched: boolean };
}

describe('framework patch files', () => {
  it('are not loaded at start-up; a framework\'s loads when the app requires it', () => {
    const { atStart, afterWs, wsPatched } = loadedPatchFiles();
    for (const file of ['ws.js', 'bullmq.js', 'nestjs.js', 'hono.js', 'graphql-yoga.js', 'graphql-apollo.js', 'koa.js', 'express.js']) {
      expect(atStart, file).not.toContain(file);
    }
    expect(atStart).toContain('install.js');
    expect(afterWs).toContain('ws.js');
    expect(afterWs).not.toContain('bullmq.js');
    expect(wsPatched).toBe(true);
  });

  it('stay unloaded, and the framework unpatched, when FAULTLINE_DISABLED_INSTRUMENTATIONS names it', () => {
    const { afterWs, wsPatched } = loadedPatchFiles({ FAULTLINE_DISABLED_INSTRUMENTATIONS: 'ws' });
    expect(afterWs).not.toContain('ws.js');
    expect(wsPatched).toBe(false);
  });
});
