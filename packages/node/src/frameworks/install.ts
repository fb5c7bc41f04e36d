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
import { patchBullmq } from './bullmq';
import { configureFrameworkResponses } from './final-responses';
import { configureExpressCapture, patchExpress } from './express';
import { configureExpressShapes } from './express-shapes';
import { installFastifyCapture } from './fastify';
import { installHttpCapture } from './http';
import { patchKoa } from './koa';
import { patchNestCommonInternal, patchNestCore } from './nestjs';
import { patchHono } from './hono';
import { warnEsmUnderRequire } from './esm-under-require';
import { patchApolloServer } from './graphql-apollo';
import { patchYoga } from './graphql-yoga';
import { configureWsCapture, patchWs } from './ws';
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
  };
  readonly redactor?: Redactor;
}

const VERSION = '0.1.0';

/** ESM namespaces (import-in-the-middle) carry the CommonJS export as `default`. */
function moduleExport<T>(exports: unknown): T {
  const candidate = exports as { default?: unknown; [Symbol.toStringTag]?: unknown };
  return (typeof exports !== 'function' && candidate?.default !== undefined ? candidate.default : exports) as T;
}

/** Given the module's export (its default when it has one), its version, and the raw exports. */
type Patch = (exports: never, version: string | undefined, raw: never) => void;

/** A patch that never throws into the host and always hands back the module. */
function safely(name: string, patch: Patch): (exports: unknown, version?: string) => unknown {
  return (exports: unknown, version?: string) => {
    try {
      patch(moduleExport<never>(exports), version, exports as never);
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
function moduleHook(name: string, versions: string[], patch: Patch, files: readonly string[] = []): Instrumentation {
  class FrameworkHook extends InstrumentationBase {
    constructor() {
      super(`@faultline/node/${name}`, VERSION, {});
    }
    protected override init(): InstrumentationNodeModuleDefinition {
      const inner = files.map((file) => new InstrumentationNodeModuleFile(`${name}/${file}`, versions, safely(name, patch), () => undefined));
      return new InstrumentationNodeModuleDefinition(name, versions, safely(name, patch), undefined, inner);
    }
  }
  return new FrameworkHook();
}

let installed = false;

export function installFrameworkCapture(runtime: FrameworkRuntime): void {
  try {
    const config = runtime.config;
    configureCapture({ mode: config.mode, redactor: runtime.redactor, rules: config.severityRules });
    configureServerSpans({
      requestHeaders: config.httpServerRequestHeaders ?? [],
      responseHeaders: config.httpServerResponseHeaders ?? [],
      durationMetric: config.metricsExporter !== undefined && config.metricsExporter !== 'none',
    });
    configureIncomingRequests({
      enabled: !(config.disabledInstrumentations ?? []).includes('http'),
      trustTraceparent: config.trustTraceparent !== false,
    });
    configureExpressCapture({ middlewareSpans: config.expressLayerSpans === 'all', routeSpans: config.expressLayerSpans !== 'none' });
    configureExpressShapes({ enabled: config.expressStableShapes });
    configureRequestIdHeader(config.requestIdHeader !== false);
    configureFrameworkResponses(config.errorResponses ?? 'problem');
    configureWsCapture(config.wsOnError ?? 'close');
    if (installed) return;
    installed = true;
    installHttpCapture();
    installFastifyCapture();
    warnEsmUnderRequire(['@nestjs/core', 'hono', 'graphql-yoga', '@apollo/server']);
    registerInstrumentations({
      instrumentations: [
        moduleHook('express', ['>=4.0.0 <6'], patchExpress),
        moduleHook('koa', ['>=2.0.0 <4'], patchKoa),
        moduleHook('@nestjs/core', ['>=10.0.0 <13'], patchNestCore, ['exceptions/exceptions-handler.js']),
        moduleHook('@nestjs/common/internal', ['*'], patchNestCommonInternal),
        // Also as a file of @nestjs/common: under module.register() (Node 22) import-in-the-middle names the
        // subpath export by its file, and the hook above alone never fires there.
        moduleHook('@nestjs/common', ['>=12.0.0 <13'], patchNestCommonInternal, ['internal.js']),
        moduleHook('hono', ['>=4.0.0 <5'], patchHono),
        moduleHook('graphql-yoga', ['>=5.0.0 <6'], patchYoga, ['cjs/server.js', 'cjs/utils/mask-error.js']),
        moduleHook('@apollo/server', ['>=4.0.0 <6'], patchApolloServer, ['dist/cjs/ApolloServer.js']),
        moduleHook('ws', ['>=8.0.0 <9'], patchWs),
        moduleHook('bullmq', ['>=5.22.0 <7'], patchBullmq),
      ],
    });
  } catch (error) {
    reportInternalFailure('installing framework capture', error);
  }
}
