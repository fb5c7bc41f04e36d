// The CLI's settings: options > environment > defaults. The only reader of process.env in this package.

export const DEFAULT_JAEGER_URL = 'http://127.0.0.1:16686';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 16687;

export interface CliEnvironment {
  readonly jaegerUrl: string;
  readonly token?: string;
  readonly traceUiUrl?: string;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const token = env.FAULTLINE_SUPPORT_TOKEN;
  const ui = env.FAULTLINE_TRACE_UI_URL;
  return {
    jaegerUrl: env.FAULTLINE_JAEGER_URL || DEFAULT_JAEGER_URL,
    ...(token ? { token } : {}),
    ...(ui ? { traceUiUrl: ui } : {}),
  };
}
