// Starts a scenario app out of process with the Faultline preload, waits until it listens, and kills it
// afterwards. Convention: the app prints a line `LISTENING <port>` on stdout once its server listens
// (apps that do not serve HTTP pass `waitForListening: false`).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';

export type PreloadMode = 'require' | 'import' | 'none';

export interface StartAppOptions {
  /** Path to the app's entry file (absolute, or relative to the test's cwd). */
  readonly entry: string;
  /** `require` → `node --require @faultline/node/instrument`, `import` → `--import`, `none` → no preload. */
  readonly mode: PreloadMode;
  /** OTLP base URL (the receiver's `url`); sets OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint?: string;
  /** Extra environment; `undefined` values remove a variable. Applied after the defaults below. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra node flags placed before the entry. */
  readonly nodeArgs?: readonly string[];
  /** Working directory; defaults to the entry's folder (so a test app's pinned framework resolves). */
  readonly cwd?: string;
  readonly waitForListening?: boolean;
  readonly startTimeoutMs?: number;
}

export interface ExitResult { readonly code: number | null; readonly signal: NodeJS.Signals | null }

export interface RunningApp {
  readonly child: ChildProcess;
  /** Port from the `LISTENING <port>` line (0 when not waiting for it). */
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitResult>;
  /** Sends a signal (default SIGKILL) and waits for the exit, bounded. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitResult>;
}

/** Short export delays so scenarios see telemetry quickly; JSON so the receiver can read it. */
export const SCENARIO_ENV: Readonly<Record<string, string>> = {
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_BLRP_SCHEDULE_DELAY: '100',
  OTEL_SERVICE_NAME: 'faultline-scenario',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOG_LEVEL: 'warn',
};

const running = new Set<RunningApp>();

function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  // The test runner's own OTEL_*/FAULTLINE_*/NODE_OPTIONS must not leak into the app.
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OTEL_|FAULTLINE_|NODE_OPTIONS$|VITEST)/.test(key)) env[key] = value;
  }
  return env;
}

export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const env = { ...baseEnv(), ...SCENARIO_ENV, NODE_ENV: 'development' } as Record<string, string | undefined>;
  if (options.endpoint) env.OTEL_EXPORTER_OTLP_ENDPOINT = options.endpoint;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const preload = options.mode === 'none' ? [] : [`--${options.mode}`, '@faultline/node/instrument'];
  const child = spawn(process.execPath, [...preload, ...(options.nodeArgs ?? []), options.entry], {
    cwd: options.cwd ?? dirname(options.entry),
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => { out += text; });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => { err += text; });
  const exited = new Promise<ExitResult>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const stop = async (signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 5000): Promise<ExitResult> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  let port = 0;
  if (options.waitForListening !== false) {
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    port = await new Promise<number>((resolve, reject) => {
      const check = () => {
        const match = /^LISTENING (\d+)\s*$/m.exec(out);
        if (match) finish(() => resolve(Number(match[1])));
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish(() => reject(new Error(`app exited (code ${code}, signal ${signal}) before listening\nstdout:\n${out}\nstderr:\n${err}`)));
      const timer = setTimeout(() =>
        finish(() => reject(new Error(`app did not print LISTENING within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('exit', onExit);
        settle();
      };
      child.stdout?.on('data', check);
      child.once('exit', onExit);
      check();
    }).catch(async (error: unknown) => {
      await stop();
      throw error;
    });
  }

  const app: RunningApp = {
    child, port, url: `http://127.0.0.1:${port}`, exited, stop,
    stdout: () => out, stderr: () => err,
  };
  running.add(app);
  void exited.then(() => running.delete(app));
  return app;
}

/** Kills every app still running; call it from afterEach/afterAll. */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((app) => app.stop('SIGKILL')));
}

// Last resort if a test file forgets: never leave a child behind when the test worker exits.
process.once('exit', () => {
  for (const app of running) app.child.kill('SIGKILL');
});
