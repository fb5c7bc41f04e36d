// A request's listeners run in the request's context: body parsers' 'data' and 'end', on-finished's
// 'finish', anything an app adds to req or res later. The emit of IncomingMessage and ServerResponse
// runs inside the context stored on the object, so every listener sees it, however it was added.
// This replaces context.bind(ctx, req) and context.bind(ctx, res), which gave every request and response
// eight wrapped listener methods and a closure around each listener: about 12 µs per request measured
// (bench/http-overhead, 10% sampled), for the same result.
import { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

type Emit = (this: object, event: string | symbol, ...args: unknown[]) => boolean;
type WithContext = { [kContext]?: Context };

const kContext = Symbol('faultline.emitter-context');
const kPatched = Symbol.for('faultline.emitter-context-patched');

function patchEmit(proto: { emit: Emit; [kPatched]?: boolean }): void {
  if (proto[kPatched] === true) return;
  const original = proto.emit;
  Object.defineProperty(proto, kPatched, { value: true });
  proto.emit = function faultlineContextEmit(this: WithContext, ...args: Parameters<Emit>): boolean {
    const ctx = this[kContext];
    // Most events fire while the request's context is already the active one (res.end in a handler).
    return ctx === undefined || context.active() === ctx ? original.apply(this, args) : context.with(ctx, original, this, ...args);
  };
}

/** Patches the emit of IncomingMessage and ServerResponse once; a no-op for emitters no context was set on. */
export function installEmitterContext(): void {
  patchEmit(IncomingMessage.prototype as unknown as { emit: Emit });
  patchEmit(ServerResponse.prototype as unknown as { emit: Emit });
}

/** Every listener of `emitter` (a request or its response) runs in `ctx` from now on. */
export function setEmitterContext(emitter: IncomingMessage | ServerResponse, ctx: Context): void {
  (emitter as WithContext)[kContext] = ctx;
}
