// `ws` servers and sockets. ws publishes no hook for its listeners, so each class's emit is patched (at
// require time, before any server exists) for the events whose listeners run app code:
// - a server's `connection`: a SERVER span continuing the upgrade request's traceparent (when trusted,
//   as for HTTP); the socket keeps its span context and run ID so each later message links back to it;
// - a socket's `message` and `close`: a span per event in a trace of its own (a connection can live for
//   days; one trace per message keeps each failure findable by its own run ID), linked to the connection.
// Every listener runs in that span's context; a throw or a rejection is recorded through the one capture
// path and never reaches the process (with plain ws, a throw in a `message` listener is an
// uncaughtException that takes the whole service down). The socket is then closed with 1011, or kept
// open (FAULTLINE_WS_ON_ERROR). Other events (`error`, `open`, `ping`) keep Node's own behaviour.
import type { IncomingMessage } from 'node:http';
import { context, SpanKind, trace } from '@opentelemetry/api';
import type { Link, Span, SpanContext } from '@opentelemetry/api';
import { captureFailure, reportInternalFailure } from '../capture/capture';
import { setOwnRequestId } from '../capture/prescrubbed';
import type { WsOnError } from '../config';
import { parentOf } from '../http/incoming-requests';
import { pathWithoutQuery } from '../http/url-path';
import { isThenable } from './is-thenable';
import { runIdOf } from '../tasks/run-task';
import { CLOSURE_FREE_ROOT_CONTEXT } from '../http/closure-free-context';

type Listener = (...args: unknown[]) => unknown;
interface Emitter {
  emit(event: string | symbol, ...args: unknown[]): boolean;
  rawListeners(event: string | symbol): Listener[];
  listenerCount(event: string | symbol): number;
}
interface Socket extends Emitter {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  [kConnection]?: { readonly link: SpanContext; readonly runId: string | undefined };
}
type WsModule = { prototype?: Emitter; WebSocketServer?: { prototype: Emitter } };

export type { WsOnError };

const kConnection = Symbol('faultline.ws-connection');
const kPatched = Symbol.for('faultline.ws-patched');
const OPEN = 1;
const INTERNAL_ERROR = 1011;
const SOCKET_EVENTS = new Set<string | symbol>(['message', 'close']);
let onError: WsOnError = 'close';

export function configureWsCapture(next: WsOnError): void {
  onError = next;
}

/** The request path without its query string (which may carry a token). */
function pathOf(req: IncomingMessage | undefined): string {
  return pathWithoutQuery(typeof req?.url === 'string' ? req.url : '/');
}

function fail(error: unknown, span: Span, socket: Socket | undefined, event: string): void {
  captureFailure(error, undefined, 'ws', span, undefined, { requestId: runIdOf(span) });
  if (onError !== 'close' || event === 'close' || socket?.readyState !== OPEN) return;
  try {
    socket.close(INTERNAL_ERROR, 'Internal Error');
  } catch (closing) {
    reportInternalFailure('closing a WebSocket after a failed listener', closing);
  }
}

/** Calls every listener in `span`'s context; ends the span when the listeners' promises have settled. */
function dispatch(emitter: Emitter, event: string, args: unknown[], span: Span, socket: Socket | undefined): void {
  const pending: Promise<unknown>[] = [];
  context.with(trace.setSpan(context.active(), span), () => {
    for (const listener of emitter.rawListeners(event)) {
      try {
        const result = listener.apply(emitter, args);
        if (isThenable(result)) pending.push(Promise.resolve(result).then(undefined, (error: unknown) => fail(error, span, socket, event)));
      } catch (error) {
        fail(error, span, socket, event);
      }
    }
  });
  if (pending.length === 0) span.end();
  else void Promise.all(pending).then(() => span.end());
}

function onConnection(server: Emitter, args: unknown[]): void {
  const socket = args[0] as Socket;
  const req = args[1] as IncomingMessage | undefined;
  const path = pathOf(req);
  // The upgrade request's traceparent, trusted or only linked as for any HTTP request.
  const { parent, links } = req?.headers !== undefined ? parentOf(req) : { parent: CLOSURE_FREE_ROOT_CONTEXT, links: undefined };
  const span = trace.getTracer('@faultline/node').startSpan(`ws connection ${path}`, {
    kind: SpanKind.SERVER,
    attributes: { 'url.path': path, 'network.protocol.name': 'websocket' },
    links,
  }, parent);
  const runId = runIdOf(span);
  if (runId !== undefined) setOwnRequestId(span, runId);
  try {
    socket[kConnection] = { link: span.spanContext(), runId };
  } catch {
    // A frozen socket object: its messages are still spanned, just not linked.
  }
  context.with(trace.setSpan(parent, span), () => dispatch(server, 'connection', args, span, socket));
}

function onSocketEvent(socket: Socket, event: string, args: unknown[]): void {
  const connection = socket[kConnection];
  const links: Link[] = connection === undefined ? [] : [{ context: connection.link }];
  const span = trace.getTracer('@faultline/node').startSpan(`ws ${event}`, {
    kind: event === 'message' ? SpanKind.CONSUMER : SpanKind.INTERNAL,
    attributes: { 'network.protocol.name': 'websocket', ...(connection?.runId === undefined ? {} : { 'faultline.ws.connection_request_id': connection.runId }) },
    links,
  }, CLOSURE_FREE_ROOT_CONTEXT);
  const runId = runIdOf(span);
  if (runId !== undefined) setOwnRequestId(span, runId);
  dispatch(socket, event, args, span, socket);
}

function patchEmit(proto: Emitter & { [kPatched]?: true }, handles: (event: string | symbol) => boolean, handle: (self: Emitter, event: string, args: unknown[]) => void): void {
  if (proto[kPatched] === true) return;
  Object.defineProperty(proto, kPatched, { value: true });
  const original = proto.emit;
  proto.emit = function faultlineWsEmit(this: Emitter, event: string | symbol, ...args: unknown[]): boolean {
    if (!handles(event) || this.listenerCount(event) === 0) return original.call(this, event, ...args);
    try {
      handle(this, event as string, args);
    } catch (internal) {
      // Only reached if span or context set-up failed before any listener ran.
      reportInternalFailure(`ws ${String(event)}`, internal);
      return original.call(this, event, ...args);
    }
    return true;
  };
}

/**
 * Patches ws's WebSocket and WebSocketServer. CommonJS exports the WebSocket class with the server as a
 * property; the ESM namespace (`raw`) names the server beside a default WebSocket.
 */
export function patchWs(ws: WsModule, _version?: string, raw?: WsModule): void {
  if (ws.prototype !== undefined) patchEmit(ws.prototype, (event) => SOCKET_EVENTS.has(event), (self, event, args) => onSocketEvent(self as Socket, event, args));
  const server = (ws.WebSocketServer ?? raw?.WebSocketServer)?.prototype;
  if (server !== undefined) patchEmit(server, (event) => event === 'connection', (self, _event, args) => onConnection(self, args));
}
