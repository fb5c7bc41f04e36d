// A kept-alive connection holds the async context of the last request it answered. Node arms the
// connection's keep-alive timer as the response finishes, inside that request's context, and a timer
// keeps the context it was created in; the timer object stays on the socket until the next response
// replaces it. So each open connection kept its last request's context — with the server span, its
// attributes and events — alive between requests: in an error storm at 50 connections, half of what
// survived each young-generation collection (docs/performance.md, "Where the storm's memory goes").
// When a traced response closes, the timer Node has just armed is armed again, for the same duration,
// outside OpenTelemetry's context. Only OpenTelemetry's context is left: the app's own async stores
// stay as they were.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { context } from '@opentelemetry/api';
import { warnOnce } from '../diag';
import { CLOSURE_FREE_ROOT_CONTEXT } from './closure-free-context';

/** Node's extra time over `keepAliveTimeout` for the socket (`keepAliveTimeoutBuffer`, Node 24; none before). */
const NODE_KEEP_ALIVE_BUFFER_MS = 1000;

interface KeepAliveServer {
  readonly keepAliveTimeout?: number;
  readonly keepAliveTimeoutBuffer?: number;
}

type ServerSocket = Socket & { readonly server?: KeepAliveServer; readonly timeout?: number };

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** True when `socket`'s timer is the keep-alive timer Node arms between requests (not one the app set). */
function hasKeepAliveTimer(socket: ServerSocket): boolean {
  const keepAlive = finite(socket.server?.keepAliveTimeout);
  if (keepAlive === undefined || keepAlive === 0) return false;
  const buffer = finite(socket.server?.keepAliveTimeoutBuffer) ?? NODE_KEEP_ALIVE_BUFFER_MS;
  return socket.timeout === keepAlive + buffer || socket.timeout === keepAlive;
}

function rearm(socket: ServerSocket, timeout: number): void {
  socket.setTimeout(timeout);
}

/** After `req`'s response closed: its connection's keep-alive timer no longer holds the request's context. */
export function releaseKeepAliveContext(req: IncomingMessage): void {
  try {
    const socket = req.socket as ServerSocket | null;
    if (socket === null || socket.destroyed || typeof socket.setTimeout !== 'function' || !hasKeepAliveTimer(socket)) return;
    context.with(CLOSURE_FREE_ROOT_CONTEXT, rearm, undefined, socket, socket.timeout as number);
  } catch (error) {
    warnOnce('keep-alive-timer', 're-arming a connection\'s keep-alive timer failed', error);
  }
}
