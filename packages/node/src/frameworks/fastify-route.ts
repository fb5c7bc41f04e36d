// The route Fastify matched, as `http.route` and in the name of Faultline's server span, through published
// hooks only: the `fastify.initialization` diagnostics channel hands over each instance, which gets an
// `onRequest` hook that writes `request.routeOptions.url` into the request's RPC metadata (as the Express
// and Koa instrumentations do). This is the part of @fastify/otel Faultline used; that package has no
// release on OpenTelemetry JS 3 and would install a second, 2.x copy of the SDK's core.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import { guarded } from '../diag';

interface FastifyRequest { readonly routeOptions?: { readonly url?: string } }
type OnRequest = (request: FastifyRequest, reply: unknown, done: () => void) => void;
interface FastifyInstance { addHook(name: 'onRequest', hook: OnRequest): unknown }

const CHANNEL = 'fastify.initialization';
const VERSION = '0.1.0';

function recordRoute(request: FastifyRequest, _reply: unknown, done: () => void): void {
  try {
    const route = request.routeOptions?.url;
    const rpc = getRPCMetadata(context.active());
    if (route !== undefined && rpc?.type === RPCType.HTTP) rpc.route = route;
  } catch {
    // The route is a name on a span: without it the request is served and recorded all the same.
  }
  done();
}

function onInitialization(message: unknown): void {
  // A subscriber's throw would reach the app as an uncaught exception: an odd instance goes unnamed.
  guarded('naming Fastify routes', undefined, () => (message as { fastify?: FastifyInstance }).fastify?.addHook('onRequest', recordRoute));
}

/** The `fastify` entry of FAULTLINE_DISABLED_INSTRUMENTATIONS. */
export class FastifyRouteInstrumentation extends InstrumentationBase {
  private subscribed = false;

  constructor() {
    super('@faultline/node/fastify-route', VERSION, { enabled: false });
  }

  protected override init(): [] {
    return [];
  }

  override enable(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    subscribe(CHANNEL, onInitialization);
  }

  override disable(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    unsubscribe(CHANNEL, onInitialization);
  }
}
