import { describe, expect, it } from 'vitest';
import { buildConfig, SETTINGS } from './config';

describe('buildConfig', () => {
  it('uses the table defaults when nothing is set', () => {
    const config = buildConfig({}, {});
    expect(config).toMatchObject({
      mode: 'production',
      sdkDisabled: false,
      shutdownTimeoutMs: 3000,
      crashFlushTimeoutMs: 2000,
      exitOnUncaughtException: true,
      exitOnUnhandledRejection: false,
      expressLayerSpans: 'none',
      keepErrorTraces: true,
      tracesSampler: 'parentbased_always_on',
      otlpProtocol: 'http/protobuf',
    });
    expect(config.warnings).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment, including standard OTEL_* settings', () => {
    const config = buildConfig({}, {
      NODE_ENV: 'production',
      FAULTLINE_SHUTDOWN_TIMEOUT_MS: '1500',
      FAULTLINE_EXIT_ON_UNHANDLED_REJECTION: 'TRUE',
      FAULTLINE_DISABLED_INSTRUMENTATIONS: 'koa, pino',
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_SDK_DISABLED: 'true',
      OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST: 'authorization,x-api-key',
    });
    expect(config).toMatchObject({
      mode: 'production',
      shutdownTimeoutMs: 1500,
      exitOnUnhandledRejection: true,
      disabledInstrumentations: ['koa', 'pino'],
      tracesSampler: 'traceidratio',
      tracesSamplerArg: 0.1,
      sdkDisabled: true,
      httpServerRequestHeaders: ['authorization', 'x-api-key'],
    });
  });

  it('falls back to the default and warns for each broken environment value', () => {
    const config = buildConfig({}, {
      FAULTLINE_SHUTDOWN_TIMEOUT_MS: 'banana',
      FAULTLINE_CRASH_FLUSH_TIMEOUT_MS: '-5',
      FAULTLINE_EXPRESS_LAYER_SPANS: 'some',
      FAULTLINE_DISABLED_INSTRUMENTATIONS: 'http,mongodb',
      OTEL_TRACES_SAMPLER_ARG: '7',
    });
    expect(config.shutdownTimeoutMs).toBe(3000);
    expect(config.crashFlushTimeoutMs).toBe(2000);
    expect(config.expressLayerSpans).toBe('none');
    expect(config.disabledInstrumentations).toEqual([]);
    expect(config.tracesSamplerArg).toBe(1);
    expect(config.warnings).toHaveLength(5);
    expect(config.warnings[0]).toMatch(/^FAULTLINE_SHUTDOWN_TIMEOUT_MS="banana" ignored \(expected an integer\); using 3000$/);
    expect(config.warnings.join('\n')).toContain('unknown mongodb');
  });

  it.each([
    [undefined, 'production'],
    ['staging', 'production'],
    ['production', 'production'],
    ['development', 'development'],
    ['test', 'development'],
  ])('with NODE_ENV=%s answers in %s mode (internals only on a developer machine)', (nodeEnv, mode) => {
    expect(buildConfig({}, nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv }).mode).toBe(mode);
  });

  it('lets options win over the environment and FAULTLINE_MODE over NODE_ENV', () => {
    const config = buildConfig({ shutdownTimeoutMs: 100 }, { FAULTLINE_SHUTDOWN_TIMEOUT_MS: '900', NODE_ENV: 'production', FAULTLINE_MODE: 'development' });
    expect(config.shutdownTimeoutMs).toBe(100);
    expect(config.mode).toBe('development');
  });

  it('throws a coded error for a bad programmatic option', () => {
    expect(() => buildConfig({ shutdownTimeoutMs: -1 }, {})).toThrow(expect.objectContaining({ code: 'FAULTLINE_INVALID_OPTION' }));
    expect(() => buildConfig({ expressLayerSpans: 'some' as never }, {})).toThrow(/expressLayerSpans/);
  });

  it('has one row per setting, each with a description', () => {
    const envs = SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const setting of SETTINGS) expect(setting.description.length).toBeGreaterThan(10);
  });
});
