// An exporter whose package is loaded and constructed at its first use (the first export, or a flush or
// shutdown that has something to send), not at start-up: the OTLP exporters and their serialisers took
// about a quarter of the preload's start-up time, before the app's first answer.
// A load that fails fails the export (counted by FreshFirstExporter) and is reported once.
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { warnOnce } from '../diag';
import type { Exporter } from './fresh-first-exporter';

export class LazyExporter<T> implements Exporter<T> {
  private delegate: Exporter<T> | undefined;
  private failed = false;

  constructor(private readonly name: string, private readonly load: () => Exporter<T>) {}

  private target(): Exporter<T> | undefined {
    if (this.delegate === undefined && !this.failed) {
      try {
        this.delegate = this.load();
      } catch (error) {
        this.failed = true;
        warnOnce(`exporter:${this.name}`, `the ${this.name} exporter could not be loaded; nothing is exported`, error);
      }
    }
    return this.delegate;
  }

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    const target = this.target();
    if (target === undefined) resultCallback({ code: ExportResultCode.FAILED });
    else target.export(items, resultCallback);
  }

  async forceFlush(): Promise<void> {
    await this.delegate?.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await this.delegate?.shutdown();
  }
}
