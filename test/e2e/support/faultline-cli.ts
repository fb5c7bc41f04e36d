// Runs the built `faultline` CLI out of process: one lookup (exit code and output), or the support page.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const cli = join(resolve(__dirname, '../../..'), 'packages', 'cli', 'dist', 'cli.js');

export interface CliRun { readonly code: number | null; readonly stdout: string; readonly stderr: string }

export function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
    child.stderr.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`faultline ${args.join(' ')} took over ${timeoutMs} ms`)); }, timeoutMs);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

export interface SupportPage { readonly url: string; readonly child: ChildProcess; stop(): Promise<void> }

/** `faultline serve --port 0 --jaeger <url>`, resolved once it prints where it listens. */
export function startSupportPage(jaegerUrl: string, extra: readonly string[] = []): Promise<SupportPage> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--jaeger', jaegerUrl, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`faultline serve did not start: ${out}`)); }, 15_000);
    child.once('exit', (code) => fail(new Error(`faultline serve exited (${code}): ${out}`)));
    const collect = (text: string) => {
      out += text;
      const url = /support page on (http:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      done({
        url,
        child,
        stop: () => new Promise<void>((stopped) => {
          if (child.exitCode !== null) return stopped();
          child.once('exit', () => stopped());
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
  });
}
