import { afterEach, describe, expect, it } from 'vitest';
import { flushTelemetry } from '../process/shutdown';
import { MAX_QUEUED, queueCapture, runQueuedCaptures } from './turn-queue';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('queued captures', () => {
  afterEach(() => runQueuedCaptures());

  it('runs every capture queued in a turn after that turn, in order, once', async () => {
    const ran: number[] = [];
    for (let i = 0; i < 3; i += 1) queueCapture(() => ran.push(i));
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2]);
    await nextTurn();
    expect(ran).toEqual([0, 1, 2]);
  });

  it('records a full queue at once, so a turn that finishes hundreds of responses holds at most MAX_QUEUED failures', async () => {
    const ran: number[] = [];
    const count = 2 * MAX_QUEUED + 5;
    const waitingAfterEach: number[] = [];
    for (let i = 0; i < count; i += 1) {
      queueCapture(() => ran.push(i));
      waitingAfterEach.push(i + 1 - ran.length);
    }
    expect(Math.max(...waitingAfterEach)).toBe(MAX_QUEUED - 1);
    expect(ran).toEqual(Array.from({ length: 2 * MAX_QUEUED }, (_, i) => i));
    await nextTurn();
    expect(ran).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('runs what is queued before a flush writes the buffers out, not after', async () => {
    const ran: string[] = [];
    queueCapture(() => ran.push('capture'));
    await flushTelemetry(100);
    expect(ran).toEqual(['capture']);
    await nextTurn();
    expect(ran).toEqual(['capture']);
  });

  it('keeps running the others when one throws, and what a capture queues runs too', async () => {
    const ran: string[] = [];
    queueCapture(() => {
      throw new Error('broken capture');
    });
    queueCapture(() => {
      ran.push('second');
      queueCapture(() => ran.push('queued by the second'));
    });
    runQueuedCaptures();
    expect(ran).toEqual(['second', 'queued by the second']);
  });
});
