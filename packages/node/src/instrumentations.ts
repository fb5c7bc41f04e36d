// The instrumentations that matter for errors, configured from the one config.
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KoaInstrumentation } from '@opentelemetry/instrumentation-koa';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ExpressLayerSpans, FaultlineConfig } from './config';
import { warnOnce } from './diag';
import { captureOnLayerSpan } from './frameworks/express-spans';
import { FastifyRouteInstrumentation } from './frameworks/fastify-route';

/** Per-middleware spans cost a span each and say little; routers and route handlers carry the route. */
export function ignoredExpressLayers(setting: ExpressLayerSpans): ExpressLayerType[] {
  switch (setting) {
    case 'all':
      return [];
    case 'none':
      return [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER];
    case 'handlers':
      return [ExpressLayerType.MIDDLEWARE];
  }
}

type Factory = () => Instrumentation;

function factories(config: FaultlineConfig): Record<string, Factory> {
  return {
    // Outgoing calls only: Faultline starts incoming requests' server spans itself (incoming-requests.ts).
    http: () => new HttpInstrumentation({
      disableIncomingRequestInstrumentation: true,
      headersToSpanAttributes: {
        client: { requestHeaders: [...config.httpClientRequestHeaders], responseHeaders: [...config.httpClientResponseHeaders] },
      },
    }),
    express: () => new ExpressInstrumentation({
      ignoreLayersType: ignoredExpressLayers(config.expressLayerSpans),
      requestHook: captureOnLayerSpan,
    }),
    fastify: () => new FastifyRouteInstrumentation(),
    koa: () => new KoaInstrumentation(),
    undici: () => new UndiciInstrumentation(),
    // Faultline's logger ships its own records; pino's log sending would export every record twice.
    pino: () => new PinoInstrumentation({ disableLogSending: true }),
  };
}

/** Builds the enabled instrumentations; one that fails to construct is skipped and reported once. */
export function createInstrumentations(config: FaultlineConfig): Instrumentation[] {
  const disabled = new Set(config.disabledInstrumentations);
  const list: Instrumentation[] = [];
  for (const [name, create] of Object.entries(factories(config))) {
    if (disabled.has(name)) continue;
    try {
      list.push(create());
    } catch (error) {
      warnOnce(`instrumentation:${name}`, `the ${name} instrumentation could not be set up`, error);
    }
  }
  return list;
}
