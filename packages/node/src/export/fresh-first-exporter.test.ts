import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FreshFirstExporter } from './fresh-first-exporter';
import type { Exporter } from './fresh-first-exporter';
import type { Packing } from './waiting-lanes';

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

/**
 * Packs failures (negative numbers) as the protobuf queue does, in a form a test can read: each waits
 * weighing `weight` of its absolute value, and what is taken goes out as one stand-in, their sum. -13
 * cannot be packed.
 */
function numberPacking(weight = 0): Packing<number> {
  const packed: number[] = [];
  const sizeOf = (n: number) => Math.abs(n) * weight;
  return {
    get length() { return packed.length; },
    get bytes() { return packed.reduce((sum, n) => sum + sizeOf(n), 0); },
    add: (n) => {
      if (n === -13) throw new Error('cannot pack');
      packed.push(n);
    },
    take: (count) => [packed.splice(0, count).reduce((sum, n) => sum + n, 0)],
    drop: (count) => { packed.splice(0, count); },
    oldestCovering: (bytes) => {
      let freed = 0;
      let count = 0;
      while (count < packed.length && freed < bytes) freed += sizeOf(packed[count++]!);
      return count;
    },
  };
}

/** A full garbage collection, once the current job is over (WeakRefs hold their target until then). */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
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

  it('keeps urgent items when full, dropping the oldest ordinary ones first', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    // Negative numbers are the failures.
    const fresh = new FreshFirstExporter(exporter, 4, (n) => n < 0);
    fresh.export([1], () => {});
    fresh.export([2, -3, 4, 5, -6, 7, 8], () => {});
    expect(fresh.stats.droppedOldest).toBe(3);
    expect(fresh.stats.lost.buffer_full).toBe(3);
    await Promise.resolve();
    // The urgent slot took the failures at once, beside the ordinary export still in flight.
    expect(sent).toEqual([[1], [-3, -6]]);
    answerAll();
    expect(sent[2]).toEqual([7, 8]);
    answerAll();
    await fresh.forceFlush();
  });

  it('bounds the bytes waiting: the oldest ordinary items go first, failures last, each one counted', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    // Negative numbers are the failures; an item's size is its absolute value (in KB, say).
    const fresh = new FreshFirstExporter(exporter, 1000, (n) => n < 0, 'item', { max: 10, sizeOf: Math.abs });
    fresh.export([1], () => {}); // in flight: not waiting, not counted against the bound
    fresh.export([4, -3, 4], () => {}); // 11 waiting: the oldest ordinary 4 goes
    expect(fresh.stats.lost.buffer_full).toBe(1);
    fresh.export([-5], () => {}); // 12: the last ordinary goes, then 8 is within the bound
    expect(fresh.stats.lost.buffer_full).toBe(2);
    fresh.export([-4], () => {}); // 12, nothing ordinary left: the oldest failure goes
    expect(fresh.stats.lost.buffer_full).toBe(3);
    expect(fresh.stats.pending).toBe(3); // 1 in flight, -5 and -4 waiting
    answerAll();
    await Promise.resolve();
    answerAll();
    await fresh.forceFlush();
    expect(sent.flat()).toEqual([1, -5, -4]);
  });

  it('keeps urgent items packed, hands them out as stand-ins counted for every item they carry, and an item that cannot be packed as it is', async () => {
    const sent: number[][] = [];
    const exporter: Exporter<number> = { export: (items, done) => { sent.push(items); done({ code: ExportResultCode.SUCCESS }); }, shutdown: async () => {} };
    const packing = numberPacking();
    const fresh = new FreshFirstExporter(exporter, 100, (n) => n < 0, 'item', undefined, packing);
    fresh.export([1], () => {});
    fresh.export([-2, 3, -13, -4], () => {});
    expect(packing.length).toBe(2);
    expect(fresh.stats.pending).toBe(4); // 1 in flight at once, -13 waiting as it is, -2 and -4 packed
    await fresh.forceFlush();
    expect(sent.flat().sort((a, b) => a - b)).toEqual([-13, -6, 1, 3]);
    expect(fresh.stats.pending).toBe(0);
  });

  it('sizes a packed item by its packed size, and drops the oldest packed failure when over the byte bound', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    // Negative numbers are the failures, sized by their absolute value; packed, one weighs a tenth of that.
    const fresh = new FreshFirstExporter(exporter, 1000, (n) => n < 0, 'item', { max: 10, sizeOf: Math.abs }, numberPacking(0.1));
    fresh.export([1], () => {}); // in flight
    fresh.export([-50, -40], () => {}); // packed, 5 and 4 bytes: 9, within the bound
    expect(fresh.stats.lost.buffer_full).toBe(0);
    fresh.export([-30], () => {}); // 3 more makes 12: the oldest failure goes
    expect(fresh.stats.lost.buffer_full).toBe(1);
    answerAll();
    await Promise.resolve();
    answerAll();
    await fresh.forceFlush();
    expect(sent.flat()).toEqual([1, -70]);
  });

  it('sends urgent items ahead of an ordinary backlog stuck on a hanging exporter', async () => {
    const { exporter, sent } = stalledExporter();
    const fresh = new FreshFirstExporter(exporter, 100, (n) => n < 0);
    fresh.export([1, 2, 3], () => {});
    fresh.export([4, 5], () => {});
    fresh.export([-1], () => {});
    await Promise.resolve();
    expect(sent).toEqual([[1, 2, 3], [-1]]);
  });

  it('counts failed exports by reason and the items they carried', () => {
    const sent: Array<(result: ExportResult) => void> = [];
    const fresh = new FreshFirstExporter<number>({ export: (_items, done) => { sent.push(done); }, shutdown: async () => {} }, 100);
    fresh.export([1, 2], () => {});
    sent[0]?.({ code: ExportResultCode.FAILED, error: Object.assign(new Error('Service Unavailable'), { code: 503 }) });
    fresh.export([3], () => {});
    sent[1]?.({ code: ExportResultCode.FAILED, error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    expect(fresh.stats.lost).toMatchObject({ http_error: 2, network: 1 });
    expect(fresh.stats.failedRequests).toMatchObject({ http_error: 1, network: 1 });
    expect(fresh.stats.failedExports).toBe(3);
    expect(fresh.stats.pending).toBe(0);
  });

  it('starts urgent exports at most every 50 ms under a storm, and at once on a flush', async () => {
    const sent: number[][] = [];
    const fresh = new FreshFirstExporter<number>({ export: (items, done) => { sent.push(items); done({ code: ExportResultCode.SUCCESS }); }, shutdown: async () => {} }, 100, (n) => n < 0);
    fresh.export([-1], () => {});
    await Promise.resolve();
    fresh.export([-2], () => {});
    fresh.export([-3], () => {});
    await Promise.resolve();
    // The first went at once; the next two wait for the interval, together.
    expect(sent).toEqual([[-1]]);
    await fresh.forceFlush();
    expect(sent).toEqual([[-1], [-2, -3]]);
  });

  it('sends a full batch of urgent items without waiting for the interval, so a storm loses none', async () => {
    const sent: number[][] = [];
    const fresh = new FreshFirstExporter<number>({ export: (items, done) => { sent.push(items); done({ code: ExportResultCode.SUCCESS }); }, shutdown: async () => {} }, 2048, (n) => n < 0);
    fresh.export([-1], () => {});
    await Promise.resolve();
    // 1,200 failures within the interval: two full batches go at once, the rest waits for it.
    for (let i = 2; i <= 1201; i += 1) {
      fresh.export([-i], () => {});
      await Promise.resolve();
    }
    expect(sent.map((batch) => batch.length)).toEqual([1, 512, 512]);
    await fresh.forceFlush();
    expect(sent.flat()).toHaveLength(1201);
    expect(fresh.stats.droppedOldest).toBe(0);
  });

  it('sends a storm\'s full batches beside the urgent export in flight (four requests at most), a lone failure after it', async () => {
    const { exporter, sent, answerAll } = stalledExporter();
    const fresh = new FreshFirstExporter<number>(exporter, 10_000, (n) => n < 0);
    fresh.export([-1], () => {});
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    // One more failure waits for the request in flight; full batches do not.
    fresh.export([-2], () => {});
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    for (let i = 3; i <= 5 * 512; i += 1) fresh.export([-i], () => {});
    await Promise.resolve();
    expect(sent.map((batch) => batch.length)).toEqual([1, 512, 512, 512]);
    const flushed = fresh.forceFlush();
    for (let round = 0; round < 10 && fresh.stats.pending > 0; round += 1) {
      answerAll();
      await Promise.resolve();
    }
    await flushed;
    expect(sent.flat().sort((a, b) => b - a)).toEqual(Array.from({ length: 5 * 512 }, (_, i) => -(i + 1)));
    expect(fresh.stats.droppedOldest).toBe(0);
  });

  it('lets go of a batch once the exporter has taken it, while its request is still in flight', async () => {
    // Like the OTLP exporter: encodes the items at once and keeps only the callback until the answer.
    const answers: Array<(result: ExportResult) => void> = [];
    const encoded: number[] = [];
    const exporter: Exporter<{ id: number }> = {
      export: (items, done) => { encoded.push(...items.map((item) => item.id)); answers.push(done); },
      shutdown: async () => {},
    };
    const fresh = new FreshFirstExporter(exporter, 100);
    const taken = (() => {
      const items = [{ id: 1 }, { id: 2 }];
      fresh.export(items, () => {});
      return items.map((item) => new WeakRef(item));
    })();
    await collectGarbage();
    expect(encoded).toEqual([1, 2]);
    expect(fresh.stats.pending).toBe(2);
    expect(taken.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    for (const answer of answers.splice(0)) answer({ code: ExportResultCode.SUCCESS });
    expect(fresh.stats.pending).toBe(0);
  });
});
