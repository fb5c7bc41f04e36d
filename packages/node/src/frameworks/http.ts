// node:http and node:https servers. Every 'request' listener runs inside a small wrapper that binds the
// request ID to the server span and turns a synchronous throw or a rejected promise into a recorded
// failure and a problem response — instead of an uncaughtException, an unhandledRejection or a hang.
//
// Patch, not hook: Node's `http.server.request.start` channel fires before the server span starts, and
// nothing published runs inside it, so Server.prototype.on/addListener/prependListener wrap
// 'request' listeners (the wrapper keeps `.listener`, so removeListener and listeners() still work).
// Express, Koa and Fastify all serve through such a listener, so this is the floor under every adapter.
// Adding one also puts the server span in front of the server's listeners (incoming-requests.ts) and
// lets Faultline answer the requests Node's parser refuses (client-error.ts).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { captureFailure } from '../capture/capture';
import { guarded } from '../diag';
import { answerClientErrors } from '../http/client-error';
import { traceServer } from '../http/incoming-requests';
import { bindRequest } from '../http/request-context';
import { sendProblem } from '../http/respond';

type Listener = (this: Server, req: IncomingMessage, res: ServerResponse) => unknown;
type Wrapped = Listener & { listener: Listener };
type AddListener = (this: Server, event: string | symbol, listener: (...args: never[]) => unknown) => Server;

const kPatched = Symbol.for('faultline.http-patched');
const kWrapper = Symbol.for('faultline.http-wrapper');

function failRequest(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  captureFailure(error, req, 'http');
  sendProblem(req, res, error);
}

function wrapListener(listener: Listener): Wrapped {
  const existing = (listener as Listener & { [kWrapper]?: Wrapped })[kWrapper];
  if (existing !== undefined) return existing;
  const wrapped = function faultlineRequestListener(this: Server, req: IncomingMessage, res: ServerResponse): unknown {
    // A frozen or odd request: Faultline steps aside for it (reported once), the app still gets it.
    guarded('binding a request', undefined, () => bindRequest(req, res));
    try {
      const result = listener.call(this, req, res);
      if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, (error: unknown) => failRequest(error, req, res));
      }
      return result;
    } catch (error) {
      failRequest(error, req, res);
      return undefined;
    }
  } as Wrapped;
  wrapped.listener = listener;
  // Remembered so the same listener added twice gets one wrapper; a frozen listener just gets a new one.
  if (Object.isExtensible(listener)) Object.defineProperty(listener, kWrapper, { value: wrapped });
  return wrapped;
}

function patchAdd(proto: Record<string, unknown>, method: 'on' | 'addListener' | 'prependListener'): void {
  const original = proto[method] as AddListener;
  proto[method] = function faultlineAddListener(this: Server, event: string | symbol, listener: (...args: never[]) => unknown): Server {
    if (event === 'request' && typeof listener === 'function') {
      // A server that cannot take Faultline's emit (frozen): served without server spans, reported once.
      guarded('tracing a server', undefined, () => traceServer(this));
      guarded('answering refused requests', undefined, () => answerClientErrors(this));
      return original.call(this, event, wrapListener(listener as unknown as Listener) as never);
    }
    return original.call(this, event, listener);
  };
}

function patchServer(proto: Record<string | symbol, unknown>): void {
  if (proto[kPatched] === true) return;
  proto[kPatched] = true;
  patchAdd(proto, 'on');
  patchAdd(proto, 'addListener');
  patchAdd(proto, 'prependListener');
}

export function installHttpCapture(): void {
  patchServer(http.Server.prototype as unknown as Record<string | symbol, unknown>);
  patchServer(https.Server.prototype as unknown as Record<string | symbol, unknown>);
}
