// The empty context every request's, task's, job's and WebSocket event's context is built on, instead of
// @opentelemetry/api's ROOT_CONTEXT. The API's contexts give each instance three closures of its own
// (getValue, setValue, deleteValue). With such a context as a unit of work's async context, V8's
// young-generation collections kept that work's objects alive until they were promoted to the old
// generation, where they piled up as garbage until a full collection: in a 15 s error storm Faultline
// promoted 146 MB, with these contexts and capture/held-end.ts 3 MB (docs/performance.md, "Where the
// storm's memory goes"). These contexts keep their methods on the prototype; everything derived from one
// (setValue, deleteValue, and so trace.setSpan and every instrumentation's child context) is one too.
// Same semantics: immutable, a copy of the entries per derived context.
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

class ClosureFreeContext implements Context {
  private readonly values: Map<symbol, unknown>;

  constructor(values?: ReadonlyMap<symbol, unknown>) {
    this.values = new Map(values);
  }

  getValue(key: symbol): unknown {
    return this.values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const next = new ClosureFreeContext(this.values);
    next.values.set(key, value);
    return next;
  }

  deleteValue(key: symbol): Context {
    const next = new ClosureFreeContext(this.values);
    next.values.delete(key);
    return next;
  }
}

/** An empty context, like ROOT_CONTEXT, whose derived contexts carry no closures of their own. */
export const CLOSURE_FREE_ROOT_CONTEXT: Context = new ClosureFreeContext();

/** `ctx`, or the closure-free root in place of the API's empty ROOT_CONTEXT (work begun outside any other). */
export function closureFree(ctx: Context): Context {
  return ctx === ROOT_CONTEXT ? CLOSURE_FREE_ROOT_CONTEXT : ctx;
}
