import { describe, expect, it } from 'vitest';
import { appCanRequire } from './app-packages';
import { buildConfig } from '../config';
import { createInstrumentations } from './instrumentations';

const names = (list: { instrumentationName: string }[]) => list.map((i) => i.instrumentationName).sort();

describe('createInstrumentations', () => {
  it('loads the Express, Koa and pino instrumentations only for packages the app can require', () => {
    const config = buildConfig({}, {});
    const asked: string[] = [];
    const none = createInstrumentations(config, (packages) => { asked.push(...packages); return false; });
    expect(asked.sort()).toEqual(['express', 'koa', 'pino']);
    expect(names(none)).toEqual(['@faultline/node/fastify-route', '@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-undici']);
    const withExpress = createInstrumentations(config, (packages) => packages.includes('express'));
    expect(names(withExpress)).toContain('@opentelemetry/instrumentation-express');
    expect(names(withExpress)).not.toContain('@opentelemetry/instrumentation-koa');
    for (const instrumentation of [...none, ...withExpress]) instrumentation.disable();
  });

  it('leaves out what FAULTLINE_DISABLED_INSTRUMENTATIONS names', () => {
    const config = buildConfig({}, { FAULTLINE_DISABLED_INSTRUMENTATIONS: 'express,http' });
    const list = createInstrumentations(config, () => true);
    expect(names(list)).not.toContain('@opentelemetry/instrumentation-express');
    expect(names(list)).not.toContain('@opentelemetry/instrumentation-http');
    expect(names(list)).toContain('@opentelemetry/instrumentation-koa');
    for (const instrumentation of list) instrumentation.disable();
  });
});

describe('appCanRequire', () => {
  it('answers from the given directories', () => {
    expect(appCanRequire(['vitest'], [process.cwd()])).toBe(true);
    expect(appCanRequire(['no-such-package-faultline-probe'], [process.cwd()])).toBe(false);
    expect(appCanRequire(['no-such-package-faultline-probe', 'vitest'], [process.cwd()])).toBe(true);
  });
});
