// `npm run demo`: the whole path in one command. Builds the local stack on first use (progress shown),
// starts it, starts the example service with the Faultline preload and the support page, sends it requests
// (some fail the way real services fail), and prints for each failure its request ID, status, its page on
// the support page and its `faultline lookup` command. Keeps running (Collector, Jaeger, Prometheus,
// Alertmanager, example, support page, alert receiver) until Ctrl-C, then cleans up.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_REQUESTS } from './demo-requests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stackScripts = join(root, 'scripts', 'stack');
const runDir = process.env.FAULTLINE_STACK_RUN_DIR ?? join(tmpdir(), 'faultline-demo');
const appPort = Number(process.env.FAULTLINE_DEMO_PORT ?? 3000);
const supportPort = Number(process.env.FAULTLINE_DEMO_SUPPORT_PORT ?? 16687);
const cliEntry = join(root, 'packages', 'cli', 'dist', 'cli.js');
const DEFAULT_JAEGER_URL = 'http://127.0.0.1:16686';
const say = (text) => process.stdout.write(`${text}\n`);

function runStep(title, command, args, env = {}) {
  say(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

function readStackEnv() {
  const env = {};
  for (const line of readFileSync(join(runDir, 'stack.env'), 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/** A tiny webhook receiver so the demo can show Alertmanager's notifications as they arrive. */
function startAlertReceiver() {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      res.end('ok');
      try {
        for (const alert of JSON.parse(body).alerts ?? []) {
          const { labels = {}, annotations = {} } = alert;
          say(`🔔 alert [${labels.severity}] ${labels.alertname} in ${labels.job} (fingerprint ${labels.faultline_fingerprint}): ${annotations.summary ?? ''}`);
          if (annotations.bug_url) say(`   bug page: ${annotations.bug_url}`);
        }
      } catch { /* not an Alertmanager payload: ignore */ }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function startExample(stackEnv) {
  const child = spawn(process.execPath, ['--require', '@faultline/node/instrument', join(root, 'examples/express-service/server.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(appPort),
      OTEL_SERVICE_NAME: 'faultline-example',
      OTEL_EXPORTER_OTLP_ENDPOINT: stackEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
      // The failure counter Prometheus alerts on, every 5 s so the demo's alerts come within seconds.
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the example service did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the example service exited (code ${code})`)));
    child.stdout.setEncoding('utf8').on('data', (text) => {
      out += text;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve({ child, url: `http://127.0.0.1:${match[1]}` });
      }
    });
  });
}

/** The support page (`faultline serve`) beside the stack, on loopback. */
function startSupportPage(jaegerUrl) {
  const child = spawn(process.execPath, [cliEntry, 'serve', '--port', String(supportPort), '--jaeger', jaegerUrl], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the support page did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`the support page exited (code ${code}); is port ${supportPort} taken? set FAULTLINE_DEMO_SUPPORT_PORT`)));
    child.stdout.setEncoding('utf8').on('data', (text) => {
      out += text;
      const match = /support page on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve({ child, url: match[1] });
      }
    });
  });
}

async function traceArrived(jaegerUrl, traceId) {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const answer = await fetch(`${jaegerUrl}/api/traces/${traceId}`).catch(() => undefined);
    if (answer?.ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function sendRequests(appUrl, jaegerUrl, supportUrl) {
  const { parseRequestId } = createRequire(import.meta.url)('@faultline/core');
  const failures = [];
  say('\n▶ Sending requests to the example service');
  for (const request of DEMO_REQUESTS) {
    const answer = await fetch(`${appUrl}${request.path}`, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body ? JSON.stringify(request.body) : undefined,
    });
    const requestId = answer.headers.get('x-request-id') ?? '(no X-Request-ID)';
    const body = await answer.text();
    say(`  ${answer.status}  ${request.method.padEnd(4)} ${request.path.padEnd(28)} ${request.what}`);
    if (answer.status < 400) continue;
    let traceId;
    try { traceId = parseRequestId(requestId); } catch { traceId = undefined; }
    failures.push({ request, status: answer.status, requestId, traceId });
    say(`        request ID ${requestId}   the client saw: ${body.slice(0, 160)}`);
  }
  say('\n▶ Failures, and where support looks them up');
  const jaegerOption = jaegerUrl === DEFAULT_JAEGER_URL ? '' : ` --jaeger ${jaegerUrl}`;
  for (const failure of failures) {
    const arrived = failure.traceId ? await traceArrived(jaegerUrl, failure.traceId) : false;
    say(`  ${failure.status}  ${failure.requestId.padEnd(34)} ${arrived ? '✓ in Jaeger' : '✗ not in Jaeger yet'}`);
    if (!failure.traceId) continue;
    say(`        page: ${supportUrl}/r/${failure.requestId}`);
    say(`        CLI:  npx faultline lookup ${failure.requestId}${jaegerOption}`);
  }
}

async function main() {
  const cleanups = [];
  let stopping = false;
  const cleanUp = () => {
    if (stopping) return;
    stopping = true;
    say('\n▶ Stopping');
    for (const cleanup of cleanups.reverse()) {
      try { cleanup(); } catch { /* keep cleaning the rest */ }
    }
  };
  process.once('SIGINT', () => { cleanUp(); process.exit(0); });
  process.once('SIGTERM', () => { cleanUp(); process.exit(0); });
  process.once('exit', cleanUp);

  runStep('Building the local stack (first time only: Collector, Jaeger, Prometheus, Alertmanager from their Go modules)', join(stackScripts, 'build'), []);
  runStep('Building the packages (tsc --build, incremental)', 'npx', ['tsc', '--build']);

  const alerts = await startAlertReceiver();
  cleanups.push(() => alerts.close());
  const stackEnv = {
    FAULTLINE_STACK_RUN_DIR: runDir,
    FAULTLINE_ALERT_WEBHOOK_URL: `http://127.0.0.1:${alerts.address().port}/alerts`,
    // Alerts link to the bug's page on the support page started below (Prometheus's alert rules read it).
    FAULTLINE_SUPPORT_PAGE_URL: `http://127.0.0.1:${supportPort}`,
  };
  cleanups.push(() => spawnSync(join(stackScripts, 'stop'), [], { stdio: 'inherit', env: { ...process.env, ...stackEnv } }));
  runStep('Starting Alertmanager, Jaeger, Prometheus and the Collector on 127.0.0.1', join(stackScripts, 'start'), [], stackEnv);
  const stack = readStackEnv();

  say('\n▶ Starting the example service with --require @faultline/node/instrument');
  const example = await startExample(stack);
  cleanups.push(() => example.child.kill('SIGTERM'));
  say(`  example service ${example.url}`);

  say('\n▶ Starting the support page (faultline serve)');
  const support = await startSupportPage(stack.FAULTLINE_STACK_JAEGER_URL);
  cleanups.push(() => support.child.kill('SIGTERM'));
  say(`  support page ${support.url}   bugs: ${support.url}/bugs?service=faultline-example`);

  await sendRequests(example.url, stack.FAULTLINE_STACK_JAEGER_URL, support.url);
  say(`\nSupport page ${support.url} (search box, /r/<request-id>, bug list)   Jaeger query API ${stack.FAULTLINE_STACK_JAEGER_URL}`);
  say(`Prometheus ${stack.FAULTLINE_STACK_PROMETHEUS_URL} (faultline_failures_total)   Alertmanager ${stack.FAULTLINE_STACK_ALERTMANAGER_URL}`);
  say(`Collector log records ${stack.FAULTLINE_STACK_COLLECTOR_LOG_FILE}`);
  say(`Try more: curl -i ${example.url}/bug   — alerts for high and critical failures appear here. Ctrl-C to stop.`);
  await new Promise(() => {});
}

main().catch((error) => {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  process.exit(1);
});
