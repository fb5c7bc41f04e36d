// Starts examples/express-service with the Faultline preload, exporting to a running e2e stack.
import { join, resolve } from 'node:path';
import { startApp } from '../../support';
import type { RunningApp } from '../../support';
import type { Stack } from './stack';

const entry = join(resolve(__dirname, '../../..'), 'examples', 'express-service', 'server.js');

export function startExample(stack: Stack, serviceName: string, env: Record<string, string> = {}): Promise<RunningApp> {
  return startApp({
    entry,
    mode: 'require',
    endpoint: stack.otlpEndpoint,
    env: { NODE_ENV: 'production', PORT: '0', OTEL_SERVICE_NAME: serviceName, INVENTORY_DELAY_MS: '1000', ...env },
    startTimeoutMs: 30_000,
  });
}

export interface Answer { readonly status: number; readonly requestId: string; readonly body: string }

export async function send(
  app: RunningApp,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const answer = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: answer.status, requestId: answer.headers.get('x-request-id') ?? '', body: await answer.text() };
}
