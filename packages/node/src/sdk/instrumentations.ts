// The instrumentations that matter for errors, configured from the one config. Those for a package (Express,
// Koa, pino) are loaded only when the app can require that package: a framework an app does not have costs
// no start-up time.
import type { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import type * as ExpressInstrumentation from '@opentelemetry/instrumentation-express';
import type * as KoaInstrumentation from '@opentelemetry/instrumentation-koa';
import type * as PinoInstrumentation from '@opentelemetry/instrumentation-pino';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { appCanRequire } from './app-packages';
import type { ExpressLayerSpans, FaultlineConfig } from '../config';
import { warnOnce } from '../diag';
import { captureOnLayerSpan } from '../frameworks/express-spans';
import { FastifyRouteInstrumentation } from '../frameworks/fastify-route';
import { onHttpRequest, onHttpResponse, onUndiciRequest, onUndiciResponse, watchUndiciErrors } from '../outbound/client-span-hooks';

/** Layer spans cost a span each; the server span carries the route (and the failure) without them. */
export function ignoredExpressLayers(setting: ExpressLayerSpans): ExpressLayerType[] {
  switch (setting) {
    case 'all':
      return [];
    case 'none':
      return ['middleware', 'router', 'request_handler'] as ExpressLayerType[];
    case 'handlers':
      return ['middleware'] as ExpressLayerType[];
  }
}

type Factory = () => Instrumentation;

/** The packages an instrumentation is for; the others (node:http, fetch, Fastify's channel) always load. */
const FOR_PACKAGES: Readonly<Record<string, readonly string[]>> = { express: ['express'], koa: ['koa'], pino: ['pino'] };

/* eslint-disable @typescript-eslint/no-require-imports -- each loaded only for an app that has its package. */
function factories(config: FaultlineConfig): Record<string, Factory> {
  return {
    // Outgoing calls only: Faultline starts incoming requests' server spans itself (incoming-requests.ts).
    http: () => new HttpInstrumentation({
      disableIncomingRequestInstrumentation: true,
      headersToSpanAttributes: {
        client: { requestHeaders: [...config.httpClientRequestHeaders], responseHeaders: [...config.httpClientResponseHeaders] },
      },
      // Outbound basics: the remote's request ID and the kind of failure (outbound/client-span-hooks.ts).
      requestHook: onHttpRequest,
      responseHook: onHttpResponse,
    }),
    express: () => new (require('@opentelemetry/instrumentation-express') as typeof ExpressInstrumentation).ExpressInstrumentation({
      ignoreLayersType: ignoredExpressLayers(config.expressLayerSpans),
      requestHook: captureOnLayerSpan,
    }),
    fastify: () => new FastifyRouteInstrumentation(),
    koa: () => new (require('@opentelemetry/instrumentation-koa') as typeof KoaInstrumentation).KoaInstrumentation(),
    undici: () => {
      watchUndiciErrors();
      return new UndiciInstrumentation({ requestHook: onUndiciRequest, responseHook: onUndiciResponse });
    },
    // Faultline's logger ships its own records; pino's log sending would export every record twice.
    pino: () => new (require('@opentelemetry/instrumentation-pino') as typeof PinoInstrumentation).PinoInstrumentation({ disableLogSending: true }),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Builds the enabled instrumentations the app has packages for; one that fails to construct is skipped
 * and reported once. `canRequire` is asked about each package-bound one.
 */
export function createInstrumentations(config: FaultlineConfig, canRequire: (packages: readonly string[]) => boolean = appCanRequire): Instrumentation[] {
  const disabled = new Set(config.disabledInstrumentations);
  const list: Instrumentation[] = [];
  for (const [name, create] of Object.entries(factories(config))) {
    if (disabled.has(name)) continue;
    const packages = FOR_PACKAGES[name];
    if (packages !== undefined && !canRequire(packages)) continue;
    try {
      list.push(create());
    } catch (error) {
      warnOnce(`instrumentation:${name}`, `the ${name} instrumentation could not be set up`, error);
    }
  }
  return list;
}
