// Support lookup against the real stack: the request IDs the demo's requests get resolve through the
// `faultline` CLI (human and --json) and the support page; a typo is corrected as a suggestion; an
// unknown ID exits 1; in a real browser (Debian's chromium) the search box, the "did you mean" list and
// the bug list work and hostile error messages run nothing; a stopped Jaeger gives the backend exit code.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRequestId, requestIdFromTraceId } from '@faultline/core';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './support/example';
import type { Answer } from './support/example';
import { runCli, startSupportPage } from './support/faultline-cli';
import type { SupportPage } from './support/faultline-cli';
import { tagsOf, waitForTrace } from './support/jaeger';
import { useStack } from './support/use-stack';

const SERVICE = 'e2e-support-lookup';
const CHROMIUM = '/usr/bin/chromium';
const root = resolve(__dirname, '../..');
// Route handler spans on, so a looked-up trace has a tree of spans to show (by default a request is one span).
const e2e = useStack(SERVICE, { FAULTLINE_EXPRESS_LAYER_SPANS: 'handlers' });

interface DemoRequest { method: string; path: string; body?: unknown; headers?: Record<string, string>; what: string }
interface Sent { request: DemoRequest; answer: Answer }

const PAYLOADS = ['<script>document.title="pwned"</script>', '<img src=x onerror="document.title=\'pwned\'">'];
let page: SupportPage;
const failures: Sent[] = [];
const hostile: Sent[] = [];

/** Waits until the request's server span (and, for a failure, its exception event) is in Jaeger. */
async function arrived(sent: Sent): Promise<void> {
  await waitForTrace(e2e.stack.jaegerUrl, parseRequestId(sent.answer.requestId), (trace) => {
    const server = trace.spans.map((span) => tagsOf(span.tags)).find((tags) => tags['faultline.request_id'] !== undefined && tags['http.response.status_code'] !== undefined);
    const exception = trace.spans.some((span) => span.logs.some((log) => tagsOf(log.fields).event === 'exception'));
    return server !== undefined && (sent.answer.status < 400 || exception);
  });
}

function typoOf(id: string): string {
  const at = id.length - 6;
  return `${id.slice(0, at)}${id[at] === 'Z' ? 'Y' : 'Z'}${id.slice(at + 1)}`;
}

beforeAll(async () => {
  const demo = (await import(pathToFileURL(join(root, 'scripts', 'demo-requests.mjs')).href)) as { DEMO_REQUESTS: DemoRequest[] };
  for (const request of demo.DEMO_REQUESTS) {
    const answer = await send(e2e.app, request.method, request.path, { body: request.body, headers: request.headers });
    if (answer.status >= 400) failures.push({ request, answer });
  }
  for (const payload of PAYLOADS) {
    const request = { method: 'GET', path: `/orders/${encodeURIComponent(payload)}/invoice`, what: 'hostile' };
    hostile.push({ request, answer: await send(e2e.app, request.method, request.path) });
  }
  await Promise.all([...failures, ...hostile].map(arrived));
  page = await startSupportPage(e2e.stack.jaegerUrl);
}, 120_000);
afterAll(async () => { await page?.stop(); });

describe('faultline lookup on the real stack', () => {
  it('resolves every failure the demo requests produce, as text and as --json', async () => {
    expect(failures.length).toBeGreaterThanOrEqual(6);
    for (const { request, answer } of failures) {
      const text = await runCli(['lookup', answer.requestId, '--jaeger', e2e.stack.jaegerUrl]);
      expect(text.code, `${request.what}: ${text.stderr}`).toBe(0);
      expect(text.stdout).toContain(`Request ${answer.requestId}  FAILED`);
      expect(text.stdout).toContain(`→  ${answer.status}`);
      expect(text.stdout).toContain(`service   ${SERVICE}`);

      const json = await runCli(['lookup', answer.body, '--json', '--jaeger', e2e.stack.jaegerUrl]);
      expect(json.code).toBe(0);
      const result = JSON.parse(json.stdout) as { schema: string; result: string; summary: Record<string, unknown> & { failure?: Record<string, unknown> } };
      expect(result).toMatchObject({ schema: 'faultline.lookup/v1', result: 'found', summary: { requestId: answer.requestId, status: answer.status, service: SERVICE, outcome: 'failed' } });
      expect(result.summary.failure?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      // What the customer saw is what the problem body said: its title, and its detail only when it had one.
      const shown = JSON.parse(answer.body) as { title: string; detail?: string };
      expect(result.summary.customerSaw).toEqual({ status: answer.status, title: shown.title, ...(shown.detail === undefined ? {} : { detail: shown.detail }), requestId: answer.requestId });
      expect(JSON.stringify(result)).not.toMatch(/FAKE/);
    }
  });

  it('offers the real ID for a typo, as a labelled correction, and exits 1', async () => {
    const id = failures[0]!.answer.requestId;
    const run = await runCli(['lookup', typoOf(id).toLowerCase(), '--json', '--jaeger', e2e.stack.jaegerUrl]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: 'not_found', didYouMean: [{ requestId: id, correction: 'substituted' }] });
    const text = await runCli(['lookup', typoOf(id), '--jaeger', e2e.stack.jaegerUrl]);
    expect(text.stderr).toContain('Did you mean (corrections of what was typed, not the ID itself)');
    expect(text.stderr).toContain(id);
  });

  it('exits 1 for an unknown ID and 2 for something that is not an ID', async () => {
    const neverSent = requestIdFromTraceId(randomBytes(16).toString('hex'));
    const unknown = await runCli(['lookup', neverSent, '--jaeger', e2e.stack.jaegerUrl]);
    expect(unknown.code, unknown.stderr).toBe(1);
    expect(unknown.stderr).toMatch(/No trace for request ID[\s\S]*sampled away/);
    expect((await runCli(['lookup', 'hello', '--jaeger', e2e.stack.jaegerUrl])).code).toBe(2);
    const badOption = await runCli(['lookup', failures[0]!.answer.requestId, '--jeager', e2e.stack.jaegerUrl]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/Unknown option '--jeager'/);
  });

  it('lists the bugs by fingerprint in the terminal', async () => {
    const text = await runCli(['bugs', '--service', SERVICE, '--window', '1h', '--jaeger', e2e.stack.jaegerUrl]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/critical +1× {2}FaultlineError: ledger does not balance/);
    expect(text.stdout).toMatch(/high +2× {2}TypeError/);
    const json = await runCli(['bugs', '--service', SERVICE, '--json', '--jaeger', e2e.stack.jaegerUrl]);
    const list = JSON.parse(json.stdout) as { schema: string; bugs: Array<{ fingerprint: string; occurrences: number }> };
    expect(list.schema).toBe('faultline.bugs/v1');
    expect(list.bugs.reduce((sum, bug) => sum + bug.occurrences, 0)).toBe(failures.length + hostile.length);
    expect((await runCli(['bugs', '--window', '2h', '--jaeger', e2e.stack.jaegerUrl])).code).toBe(2);
  });

  it('serves the same answer on the page permalink', async () => {
    for (const { answer } of failures) {
      const res = await fetch(`${page.url}/r/${answer.requestId}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(answer.requestId);
      expect(html).not.toContain('FAKE');
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))('support page in chromium', () => {
  let browser: Browser;
  const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'images') : undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    if (shots) mkdirSync(shots, { recursive: true });
  }, 60_000);
  afterAll(async () => { await browser?.close(); });

  async function open() {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const ran: string[] = [];
    tab.on('dialog', (dialog) => { ran.push(dialog.message()); void dialog.dismiss(); });
    // Script that ran, or was blocked by the CSP (which would mean markup got through): both are failures.
    tab.on('pageerror', (error) => ran.push(error.message));
    tab.on('console', (message) => { if (/Content Security Policy|pwned/i.test(message.text())) ran.push(message.text()); });
    return { tab, ran };
  }

  it('looks up a typed ID, corrects a typo, opens the bug list; hostile messages run nothing', async () => {
    const { tab, ran } = await open();
    const id = failures.find((f) => f.request.path === '/bug')!.answer.requestId;
    await tab.goto(page.url);
    await tab.fill('input[name=q]', ` ${id.toLowerCase().replace(/-/g, ' ')} `);
    await tab.press('input[name=q]', 'Enter');
    await tab.waitForURL(`${page.url}/r/${id}`);
    expect(await tab.textContent('h1')).toContain(id);
    expect(await tab.textContent('.failure')).toContain('TypeError');
    expect(await tab.locator('table.spans tbody tr').count()).toBeGreaterThanOrEqual(2);
    if (shots) await tab.screenshot({ path: join(shots, 'support-request.png'), fullPage: true });

    await tab.fill('input[name=q]', typoOf(id));
    await tab.press('input[name=q]', 'Enter');
    await tab.waitForSelector('.did-you-mean a');
    if (shots) await tab.screenshot({ path: join(shots, 'support-did-you-mean.png'), fullPage: true });
    await tab.click(`.did-you-mean a:text("${id}")`);
    await tab.waitForURL(`${page.url}/r/${id}`);

    await tab.goto(`${page.url}/bugs?service=${SERVICE}&window=1h`);
    const rows = await tab.locator('table.bugs tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(5);
    expect(await tab.textContent('table.bugs')).toContain('<script>document.title="pwned"</script>');
    if (shots) await tab.screenshot({ path: join(shots, 'support-bugs.png'), fullPage: true });

    for (const { answer } of hostile) {
      await tab.goto(`${page.url}/r/${answer.requestId}`);
      expect(await tab.textContent('.failure pre')).toMatch(/invoice template missing for order <(script|img)/);
    }
    await tab.click('.failure a[href^="/bug/"]');
    expect(await tab.locator('script, img, svg, [onerror]').count()).toBe(0);
    expect(await tab.title()).not.toContain('pwned');
    expect(ran).toEqual([]);
    await tab.close();
  });
});

describe('with Jaeger stopped', () => {
  it('gives the backend exit code and a one-line reason, and the page says so', async () => {
    await e2e.stack.stopJaeger();
    const run = await runCli(['lookup', failures[0]!.answer.requestId, '--jaeger', e2e.stack.jaegerUrl]);
    expect(run.code).toBe(3);
    expect((await runCli(['bugs', '--service', SERVICE, '--jaeger', e2e.stack.jaegerUrl])).code).toBe(3);
    expect(run.stderr.trim()).toMatch(/^Cannot look it up: Jaeger at http:\/\/127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)$/);
    const res = await fetch(`${page.url}/r/${failures[0]!.answer.requestId}`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('could not be reached');
  });
});
