// The one entry point the preload calls: wires the shared capture path into node:http, Express, Fastify,
// Koa, NestJS, Hono and GraphQL servers. Never throws into the host: a failure here leaves the app running
// uninstrumented for it.
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, registerInstrumentations } from '@opentelemetry/instrumentation';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Mode, Redactor, SeverityRule } from '@faultline/core';
import { configureCapture, reportInternalFailure } from '../capture/capture';
import { configureIncomingRequests } from '../http/incoming-requests';
import { configureRequestIdHeader } from '../http/request-context';
import { configureServerSpans } from '../http/server-span';
import { configureFrameworkResponses } from './final-responses';
import { installFastifyCapture } from './fastify';
import { installHttpCapture } from './http';
import { warnEsmUnderRequire } from './esm-under-require';
import { FRAMEWORK_PATCHES, configureLoadedPatches } from './patch-loaders';
import type { Patch } from './patch-loaders';
import type { WsOnError } from './ws';

/** What framework capture needs from the preload's runtime (a structural subset of it). */
export interface FrameworkRuntime {
  readonly config: {
    readonly mode: Mode;
    /** Default true; false on an edge service (see FAULTLINE_TRUST_TRACEPARENT). */
    readonly trustTraceparent?: boolean;
    readonly severityRules?: readonly SeverityRule[];
    /** Instrumentations turned off; without `http` no server spans are started. */
    readonly disabledInstrumentations?: readonly string[];
    readonly httpServerRequestHeaders?: readonly string[];
    readonly httpServerResponseHeaders?: readonly string[];
    /** FAULTLINE_EXPRESS_LAYER_SPANS: `all` keeps a span per middleware. */
    readonly expressLayerSpans?: string;
    /** FAULTLINE_ERROR_RESPONSES: `framework` keeps Express's and Koa's own final handlers. */
    readonly errorResponses?: 'problem' | 'framework';
    /** FAULTLINE_REQUEST_ID_HEADER: default true. */
    readonly requestIdHeader?: boolean;
    /** FAULTLINE_EXPRESS_STABLE_SHAPES: unset means where this V8 needs them. */
    readonly expressStableShapes?: boolean;
    /** FAULTLINE_WS_ON_ERROR: default `close` (1011). */
    readonly wsOnError?: WsOnError;
    /** Set when the user asked for metrics: server spans then also record the request duration. */
    readonly metricsExporter?: string;
    /** `none` when spans are not exported (a failure's log record then keeps its stack). */
    readonly tracesExporter?: string;
  };
  readonly redactor?: Redactor;
}

const VERSION = '0.1.0';

/** ESM namespaces (import-in-the-middle) carry the CommonJS export as `default`. */
function moduleExport<T>(exports: unknown): T {
  const candidate = exports as { default?: unknown; [Symbol.toStringTag]?: unknown };
  return (typeof exports !== 'function' && candidate?.default !== undefined ? candidate.default : exports) as T;
}

/** A patch, loaded when its module is, that never throws into the host and always hands back the module. */
function safely(name: string, loadPatch: () => Patch): (exports: unknown, version?: string) => unknown {
  return (exports: unknown, version?: string) => {
    try {
      loadPatch()(moduleExport<never>(exports), version, exports as never);
    } catch (error) {
      reportInternalFailure(`patching ${name}`, error);
    }
    return exports;
  };
}

/**
 * require-in-the-middle + import-in-the-middle through OpenTelemetry's InstrumentationBase: the package's
 * main module and, CommonJS only (import-in-the-middle sees only what an app imports by name), `files`
 * inside it. `patch` is given each and takes what it finds there.
 */
function moduleHook(name: string, versions: readonly string[], patch: () => Patch, files: readonly string[] = []): Instrumentation {
  class FrameworkHook extends InstrumentationBase {
    constructor() {
      super(`@faultline/node/${name}`, VERSION, {});
    }
    protected override init(): InstrumentationNodeModuleDefinition {
      const inner = files.map((file) => new InstrumentationNodeModuleFile(`${name}/${file}`, [...versions], safely(name, patch), () => undefined));
      return new InstrumentationNodeModuleDefinition(name, [...versions], safely(name, patch), undefined, inner);
    }
  }
  return new FrameworkHook();
}

let installed = false;

export function installFrameworkCapture(runtime: FrameworkRuntime): void {
  try {
    const config = runtime.config;
    configureCapture({ mode: config.mode, redactor: runtime.redactor, rules: config.severityRules, spansExported: config.tracesExporter !== 'none' });
    configureServerSpans({
      requestHeaders: config.httpServerRequestHeaders ?? [],
      responseHeaders: config.httpServerResponseHeaders ?? [],
      durationMetric: config.metricsExporter !== undefined && config.metricsExporter !== 'none',
    });
    configureIncomingRequests({
      enabled: !(config.disabledInstrumentations ?? []).includes('http'),
      trustTraceparent: config.trustTraceparent !== false,
    });
    configureLoadedPatches(config);
    configureRequestIdHeader(config.requestIdHeader !== false);
    configureFrameworkResponses(config.errorResponses ?? 'problem');
    if (installed) return;
    installed = true;
    installHttpCapture();
    installFastifyCapture();
    warnEsmUnderRequire(['@nestjs/core', 'hono', 'graphql-yoga', '@apollo/server']);
    registerInstrumentations({
      instrumentations: FRAMEWORK_PATCHES
        .filter((patch) => !(config.disabledInstrumentations ?? []).includes(patch.switch))
        .map(({ name, versions, load, files }) => moduleHook(name, versions, load, files)),
    });
  } catch (error) {
    reportInternalFailure('installing framework capture', error);
  }
}
