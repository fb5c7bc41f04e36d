// The OpenTelemetry Koa instrumentation wraps Application#use and every middleware before Koa sees it,
// which breaks two of Koa's own behaviours: `app.use(null)` fails inside the wrapper with a different
// error instead of Koa's "middleware must be a function!", and a generator function (Koa 2 converts it,
// with a deprecation warning; Koa 3 refuses it) is hidden behind a plain function. Faultline puts Koa's own
// use back in front for exactly those arguments; every other middleware is instrumented as before.
type Use = (this: unknown, fn: unknown) => unknown;
type Wrapped = Use & { __original?: unknown; __wrapped?: boolean };

const kGuarded = Symbol.for('faultline.koa-use-guarded');

function isGeneratorFunction(fn: unknown): boolean {
  return typeof fn === 'function' && Object.prototype.toString.call(fn) === '[object GeneratorFunction]';
}

/** Koa's own use under the instrumentation's wrapper (shimmer keeps it as `__original`). */
function koaUse(use: Wrapped): Use | undefined {
  const original = use.__wrapped === true ? use.__original : undefined;
  return typeof original === 'function' ? (original as Use) : undefined;
}

export function guardInstrumentedUse(proto: { use?: unknown }): void {
  const instrumented = proto.use as Wrapped | undefined;
  if (typeof instrumented !== 'function' || (instrumented as unknown as Record<symbol, unknown>)[kGuarded] === true) return;
  const own = koaUse(instrumented);
  if (own === undefined) return;
  const guarded = function use(this: unknown, fn: unknown): unknown {
    return typeof fn !== 'function' || isGeneratorFunction(fn) ? own.call(this, fn) : instrumented.call(this, fn);
  };
  Object.defineProperty(guarded, kGuarded, { value: true });
  proto.use = guarded;
}
