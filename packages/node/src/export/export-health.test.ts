import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportHealth } from './export-health';

afterEach(() => vi.restoreAllMocks());

describe('ExportHealth', () => {
  it('warns once when an outage starts and once when it ends, with what was lost', () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    let now = 1_000;
    const health = new ExportHealth('span', () => now);
    health.failure('network', 10);
    health.failure('network', 5);
    health.drop(7);
    now += 4_500;
    health.success();
    health.success();
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      'faultline: span export failing (network); spans are being dropped until it recovers',
      'faultline: span export recovered after 4.5 s: 15 spans failed to export, 7 dropped from the full buffer',
    ]);
  });

  it('announces a flapping Collector once per quiet period, and keeps the counts for the next line', () => {
    const warn = vi.spyOn(diag, 'warn').mockImplementation(() => {});
    let now = 0;
    const health = new ExportHealth('log record', () => now, 60_000);
    health.failure('http_error', 1);
    health.success();
    now += 1_000;
    health.failure('http_error', 2);
    health.success();
    now += 60_000;
    health.failure('bad_response', 3);
    health.success();
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('5 log records failed to export');
  });
});
