// The empty context every request's context is built on, instead of @opentelemetry/api's ROOT_CONTEXT.
// The API's contexts give each instance three closures of its own (getValue, setValue, deleteValue). With
// such a context as a request's async context, V8's young-generation collections kept the request's
// objects alive until they were promoted to the old generation, where they piled up as garbage until a
// full collection: in a 15 s error storm Faultline promoted 146 MB, with these contexts and
// capture/held-end.ts 3 MB (docs/performance.md, "Where the storm's memory goes"). These contexts keep
// their methods on the prototype; everything derived from one (setValue, deleteValue, and so
// trace.setSpan and every instrumentation's child context) is one too. Same semantics: immutable, a copy
// of the entries per derived context.
import type { Context } from '@opentelemetry/api';

class RequestContext implements Context {
  private readonly values: Map<symbol, unknown>;

  constructor(values?: ReadonlyMap<symbol, unknown>) {
    this.values = new Map(values);
  }

  getValue(key: symbol): unknown {
    return this.values.get(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const next = new RequestContext(this.values);
    next.values.set(key, value);
    return next;
  }

  deleteValue(key: symbol): Context {
    const next = new RequestContext(this.values);
    next.values.delete(key);
    return next;
  }
}

/** An empty context, like ROOT_CONTEXT, whose derived contexts carry no closures of their own. */
export const REQUEST_ROOT_CONTEXT: Context = new RequestContext();
