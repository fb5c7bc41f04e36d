import { describe, expect, it } from 'vitest';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { Exporter } from './fresh-first-exporter';
import { LazyExporter } from './lazy-exporter';

function recording(): Exporter<string> & { exported: string[]; flushed: number } {
  return {
    exported: [],
    flushed: 0,
    export(items, done) { this.exported.push(...items); done({ code: ExportResultCode.SUCCESS }); },
    forceFlush() { this.flushed += 1; return Promise.resolve(); },
    shutdown: () => Promise.resolve(),
  };
}

const exportNow = (exporter: Exporter<string>, items: string[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(items, resolve));

describe('LazyExporter', () => {
  it('loads the real exporter at the first export, once, and not for a flush or shutdown before it', async () => {
    let loads = 0;
    const real = recording();
    const lazy = new LazyExporter('test', () => { loads += 1; return real; });
    await lazy.forceFlush();
    expect(loads).toBe(0);
    expect(await exportNow(lazy, ['a'])).toEqual({ code: ExportResultCode.SUCCESS });
    expect(await exportNow(lazy, ['b'])).toEqual({ code: ExportResultCode.SUCCESS });
    await lazy.forceFlush();
    expect({ loads, exported: real.exported, flushed: real.flushed }).toEqual({ loads: 1, exported: ['a', 'b'], flushed: 1 });
    await lazy.shutdown();
  });

  it('fails the exports, without throwing, when the exporter cannot be loaded', async () => {
    let loads = 0;
    const lazy = new LazyExporter<string>('broken', () => { loads += 1; throw new Error('Cannot find module'); });
    expect((await exportNow(lazy, ['a'])).code).toBe(ExportResultCode.FAILED);
    expect((await exportNow(lazy, ['b'])).code).toBe(ExportResultCode.FAILED);
    expect(loads).toBe(1);
    await expect(lazy.shutdown()).resolves.toBeUndefined();
  });
});
