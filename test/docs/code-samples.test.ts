// Every ```js and ```ts block of the documentation runs, against the built packages as a user installs
// them (`npm test` builds first), and its `// → value` lines hold; every ```json block parses. So a
// renamed export, a changed default or a changed result fails here instead of misleading a reader.
// A sample that needs a framework app around it (a Nest module, a GraphQL schema) says which test apps it
// is taken from (```js excerpt=test/apps/…): each of its lines must appear, in order, in those files,
// which the scenario tests run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks, docFiles, lineOf, ROOT } from './doc-files';
import { missingExcerptLines } from './excerpts';
import { sampleProgram, withResultChecks } from './sample-program';
import { typeErrors } from './type-check';

// Inside the repository, so `require('@faultline/node')` resolves to the workspace packages; one per run.
const CACHE = join(ROOT, 'node_modules', '.cache');
mkdirSync(CACHE, { recursive: true });
const WORK_DIR = mkdtempSync(join(CACHE, 'faultline-doc-samples-'));
const LANGS: Record<string, 'js' | 'ts'> = { js: 'js', javascript: 'js', ts: 'ts', typescript: 'ts' };

const samples = docFiles().flatMap((file) =>
  codeBlocks(file).map((block) => ({
    where: `${file.path}:${lineOf(file, block.raw)}`,
    lang: (block.lang ?? '').split(/\s/)[0] ?? '',
    excerptOf: /(?:^|\s)excerpt=(\S+)/.exec(block.lang ?? '')?.[1]?.split(','),
    code: block.text,
  })),
);
const excerpts = samples.filter((sample) => sample.excerptOf !== undefined);
const runnable = samples.filter((sample) => sample.lang in LANGS && sample.excerptOf === undefined);

afterAll(() => rmSync(WORK_DIR, { recursive: true, force: true }));

describe.each(runnable.map((sample) => [sample.where, sample] as const))('code sample %s', (where, sample) => {
  it('runs, and gives the results it shows', () => {
    const file = join(WORK_DIR, `${where.replace(/[^\w.-]+/g, '_')}.cjs`);
    writeFileSync(file, sampleProgram(sample.code, LANGS[sample.lang] as 'js' | 'ts'));
    const run = spawnSync(process.execPath, [file], {
      cwd: WORK_DIR,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NODE_OPTIONS: '', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', NODE_ENV: 'production' },
    });
    expect({ where, status: run.status, stderr: run.stderr }).toEqual({ where, status: 0, stderr: '' });
  });
});

describe.each(excerpts.map((sample) => [sample.where, sample] as const))('code sample %s', (where, sample) => {
  it('is taken line by line from the test apps it names', () => {
    expect({ where, missing: missingExcerptLines(sample.code, sample.excerptOf ?? []) }).toEqual({ where, missing: [] });
  });
});

describe('code samples', () => {
  it('taken from test apps fail when a line is not there, or out of order', () => {
    const app = ['test/apps/nest11/faultline-logger.cjs'];
    expect(missingExcerptLines("const { createLogger } = require('@faultline/node');", app)).toEqual([]);
    expect(missingExcerptLines('app.useLogger(new ConsoleLogger());', app)).toEqual(['app.useLogger(newConsoleLogger());']);
    expect(missingExcerptLines("module.exports = { FaultlineNestLogger };\nclass FaultlineNestLogger {", app)).toHaveLength(1);
  });

  it('are found in the pages, and every JSON one parses', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
    for (const sample of samples.filter((s) => s.lang === 'json')) {
      expect(() => JSON.parse(sample.code), sample.where).not.toThrow();
    }
  });

  it('in TypeScript type-check against the packages\' declarations', () => {
    const files = runnable
      .filter((sample) => LANGS[sample.lang] === 'ts')
      .map((sample) => {
        // .mts: an ES module, as `import` and top-level `await` in the samples are written.
        const file = join(WORK_DIR, `${sample.where.replace(/[^\w.-]+/g, '_')}.mts`);
        writeFileSync(file, `${sample.code}\nexport {};\n`);
        return file;
      });
    expect(files.length).toBeGreaterThan(0);
    expect(typeErrors(files)).toEqual([]);
  });

  it('turn `// → value` lines into checks that fail on a wrong value', () => {
    expect(withResultChecks("redactor.redactString('a://b'); // scrubbed\n// → 'x'")).toBe(
      "__docResult(redactor.redactString('a://b'), 'x', \"redactor.redactString('a://b')\");\n// → 'x'",
    );
    const file = join(WORK_DIR, 'wrong-result.cjs');
    writeFileSync(file, sampleProgram('[1 + 1];\n// → [3]', 'js'));
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[1 + 1] gives [ 2 ], the documentation says [ 3 ]');
  });
});
