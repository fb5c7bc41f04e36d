// Drops that someone sees: one diag warning when a signal's exports start failing or its buffer starts
// dropping (an outage begins), and one when an export succeeds again, with what was lost in between.
// Start warnings are rate-limited per signal; an outage whose start was not announced keeps its counts
// for the next announced end, so every loss is reported once.
import { diag } from '@opentelemetry/api';

const QUIET_MS = 60_000;

export class ExportHealth {
  private down = false;
  private announced = false;
  private since = 0;
  private lastAnnounced = Number.NEGATIVE_INFINITY;
  private failed = 0;
  private dropped = 0;

  /** `what` names the items: "span", "log record". */
  constructor(private readonly what: string, private readonly now: () => number = Date.now, private readonly quietMs = QUIET_MS) {}

  /** An export failed after the exporter's own retries; `items` were lost. */
  failure(reason: string, items: number): void {
    this.failed += items;
    this.begin(reason);
  }

  /** The buffer dropped `items` (full while the Collector is down or slow). */
  drop(items: number): void {
    this.dropped += items;
    this.begin('export buffer full');
  }

  success(): void {
    if (!this.down) return;
    this.down = false;
    if (!this.announced) return;
    this.announced = false;
    const seconds = ((this.now() - this.since) / 1000).toFixed(1);
    diag.warn(`faultline: ${this.what} export recovered after ${seconds} s: ${this.failed} ${this.what}s failed to export, ${this.dropped} dropped from the full buffer`);
    this.failed = 0;
    this.dropped = 0;
  }

  private begin(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.since = this.now();
    if (this.since - this.lastAnnounced < this.quietMs) return;
    this.lastAnnounced = this.since;
    this.announced = true;
    diag.warn(`faultline: ${this.what} export failing (${reason}); ${this.what}s are being dropped until it recovers`);
  }
}
