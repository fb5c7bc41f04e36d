import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { BadResponseError } from './export-outcome';
import type { PartialSuccessError } from './export-outcome';
import { ResponseCheckingExporter } from './response-check';

/** The OTLP exporters' shape: a delegate that decodes the 2xx body with its serializer, then calls back. */
function fakeOtlpExporter(body: string) {
  const serializer = {
    serializeRequest: () => new Uint8Array(),
    // Like the SDK's JSON serializers: garbage becomes an empty response.
    deserializeResponse: (data: Uint8Array) => {
      try {
        return JSON.parse(new TextDecoder().decode(data)) as unknown;
      } catch {
        return {};
      }
    },
  };
  const delegate = { _serializer: serializer };
  return {
    _delegate: delegate,
    export: (_items: number[], done: (result: ExportResult) => void) => {
      try {
        delegate._serializer.deserializeResponse(new TextEncoder().encode(body));
      } catch {
        // The SDK logs this and still reports success.
      }
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
}

function exportThrough(body: string): ExportResult {
  let result: ExportResult | undefined;
  new ResponseCheckingExporter(fakeOtlpExporter(body), true).export([1], (r) => { result = r; });
  return result as ExportResult;
}

describe('ResponseCheckingExporter', () => {
  it('passes a clean answer, an empty body and an informational partial success as success', () => {
    expect(exportThrough('{}').code).toBe(ExportResultCode.SUCCESS);
    expect(exportThrough('').code).toBe(ExportResultCode.SUCCESS);
    expect(exportThrough('{"partialSuccess":{"errorMessage":"fyi"}}').code).toBe(ExportResultCode.SUCCESS);
  });

  it('fails a 2xx whose body is not an OTLP response', () => {
    for (const body of ['<html>bad gateway</html>', '[1,2]', 'null', '\u0000\u0001']) {
      const result = exportThrough(body);
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(result.error).toBeInstanceOf(BadResponseError);
    }
  });

  it('fails a partial success with the number of rejected items', () => {
    const result = exportThrough('{"partialSuccess":{"rejectedSpans":"3","errorMessage":"quota"}}');
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as PartialSuccessError).rejected).toBe(3);
  });

  it('passes exports through unchanged when the exporter has no delegate to read', () => {
    let result: ExportResult | undefined;
    const plain = { export: (_items: number[], done: (r: ExportResult) => void) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
    new ResponseCheckingExporter(plain, true).export([1], (r) => { result = r; });
    expect(result?.code).toBe(ExportResultCode.SUCCESS);
  });
});
