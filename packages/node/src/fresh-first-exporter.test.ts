import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { FreshFirstExporter } from './fresh-first-exporter';
import type { Exporter } from './fresh-first-exporter';

/** An exporter whose exports stay open until the test answers them (a Collector that is down). */
function stalledExporter() {
  const sent: number[][] = [];
  const answers: Array<(result: ExportResult) => void> = [];
  const exporter: Exporter<number> = {
    export: (items, done) => { sent.push(items); answers.push(done); },
    shutdown: async () => {},
  };
  const answerAll = (code = ExportResultCode.SUCCESS) => { for (const answer of answers.splice(0)) answer({ code }); };
  return { exporter, sent, answerAll };
}

describe('FreshFirstExporter', () => {
  it('answers the batch processor at once and keeps one export in flight', () => {
    const { exporter, sent } = stalledExporter();
    const fresh = new FreshFirstExporter(exporter, 100);
    const results: ExportResult[] = [];
    fresh.export([1, 2], (r) => results.push(r));
    fresh.export([3], (r) => results.push(r));
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    expect(sent).toEqual([[1, 2]]);
  });

  it('drops the oldest items while the exporter is stuck, so the newest go out when it recovers', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    const fresh = new FreshFirstExporter(exporter, 3);
    fresh.export([1], () => {});
    for (let i = 2; i <= 10; i += 1) fresh.export([i], () => {});
    expect(fresh.stats.droppedOldest).toBe(6);
    answerAll(ExportResultCode.FAILED);
    expect(fresh.stats.failedExports).toBe(1);
    expect(sent[1]).toEqual([8, 9, 10]);
    answerAll();
    await fresh.forceFlush();
  });

  it('forceFlush waits for what is pending and in flight', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    const fresh = new FreshFirstExporter(exporter, 100);
    fresh.export([1], () => {});
    fresh.export([2], () => {});
    let flushed = false;
    const flushing = fresh.forceFlush().then(() => { flushed = true; });
    await Promise.resolve();
    expect(flushed).toBe(false);
    answerAll();
    answerAll();
    await flushing;
    expect(sent).toEqual([[1], [2]]);
  });
});
