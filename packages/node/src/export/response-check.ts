// A 2xx is not always a success. The OTLP exporters count an answer whose body is not an OTLP response
// (a proxy's HTML page, garbage) and a partial-success answer (items rejected) as success and only log
// them; this turns both into failures, so they are counted, warned about and exported as metrics.
//
// Patch, not hook: the exporters publish no way to see the response. The exporter's private delegate
// decodes the body with its serializer and calls back right after, in the same task, so wrapping the
// serializer's `deserializeResponse` gives the verdict for exactly the export whose callback comes next.
// When the shape is not there (another SDK version), exports are passed through unchecked, said once.
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { warnOnce } from '../diag';
import { BadResponseError, PartialSuccessError } from './export-outcome';
import type { Exporter } from './fresh-first-exporter';

interface Serializer {
  serializeRequest(request: unknown): Uint8Array | undefined;
  deserializeResponse(data: Uint8Array): unknown;
}
interface Delegate { _serializer?: Serializer }

interface PartialSuccess {
  rejectedSpans?: unknown;
  rejectedLogRecords?: unknown;
  rejectedDataPoints?: unknown;
  errorMessage?: unknown;
}

function delegateOf(exporter: object): Delegate | undefined {
  const delegate = (exporter as { _delegate?: Delegate })._delegate;
  return typeof delegate?._serializer?.deserializeResponse === 'function' ? delegate : undefined;
}

/** The JSON serializers answer `{}` for a body they cannot parse, so JSON is parsed here. */
function parseJson(data: Uint8Array): unknown {
  const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
  return parsed;
}

/** The items a partial-success answer says were rejected (0 when none: an informational message only). */
function rejectedCount(response: unknown): number {
  const partial = (response as { partialSuccess?: PartialSuccess } | null | undefined)?.partialSuccess;
  if (partial === undefined || partial === null) return 0;
  const count = Number(partial.rejectedSpans ?? partial.rejectedLogRecords ?? partial.rejectedDataPoints ?? 0);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

export class ResponseCheckingExporter<T> implements Exporter<T> {
  private verdict: Error | undefined;

  /** `json`: the exporter speaks OTLP/JSON (else protobuf, which its own serializer decodes). */
  constructor(private readonly inner: Exporter<T>, json: boolean) {
    const delegate = delegateOf(inner);
    const serializer = delegate?._serializer;
    if (delegate === undefined || serializer === undefined) {
      warnOnce('response-check', 'cannot check OTLP response bodies with this exporter; a 2xx is taken as success');
      return;
    }
    // A wrapper of its own: the serializers are shared module-level objects.
    delegate._serializer = {
      serializeRequest: (request) => serializer.serializeRequest(request),
      deserializeResponse: (data) => {
        // An empty body (some proxies, some Collector versions) is an empty response: nothing rejected.
        if (data.length === 0) return {};
        try {
          const response = json ? parseJson(data) : serializer.deserializeResponse(data);
          const rejected = rejectedCount(response);
          if (rejected > 0) this.verdict = new PartialSuccessError(rejected, `the Collector rejected ${rejected} items`);
          return response;
        } catch (error) {
          this.verdict = new BadResponseError('the Collector answered 2xx with a body that is not an OTLP response');
          throw error;
        }
      },
    };
  }

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(items, (result) => {
      const verdict = this.verdict;
      this.verdict = undefined;
      resultCallback(result.code === ExportResultCode.SUCCESS && verdict !== undefined ? { code: ExportResultCode.FAILED, error: verdict } : result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
