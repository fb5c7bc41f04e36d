import { expect, it } from 'vitest';
import { patchHono } from './hono';

const honoDefault = (): string => 'hono default';

class FakeHono {
  errorHandler: (error: unknown, c: unknown) => unknown = honoDefault;
  mountedWith: unknown;
  onError(handler: (error: unknown, c: unknown) => unknown): this {
    this.errorHandler = handler;
    return this;
  }
  // Hono's #clone(): a copy made by the base class, given the app's handler as it reads it.
  basePath(_path: string): FakeHono {
    const copy = new FakeHono();
    copy.errorHandler = this.errorHandler;
    return copy;
  }
  // Hono's own check: a sub-app with the default handler lets its errors reach the parent's.
  route(_path: string, app: FakeHono): this {
    this.mountedWith = app.errorHandler === honoDefault ? 'parent handles' : 'own handler';
    return this;
  }
}

it('hands out the error handler wrapped (calling the app\'s), and the raw one while a parent mounts the app', () => {
  const exports: { Hono: typeof FakeHono } = { Hono: FakeHono };
  patchHono(exports as never);
  const Hono = exports.Hono;
  expect(Hono).not.toBe(FakeHono);
  const app = new Hono();
  expect(app.errorHandler).not.toBe(honoDefault);
  expect(app.errorHandler(new Error('boom'), {})).toBe('hono default');
  const parent = new Hono();
  parent.route('/admin', app);
  expect(parent.mountedWith).toBe('parent handles');
  app.onError(() => 'app answer');
  expect(app.errorHandler(new Error('boom'), {})).toBe('app answer');
  parent.route('/admin', app);
  expect(parent.mountedWith).toBe('own handler');
});

it('patches once', () => {
  const exports: { Hono: typeof FakeHono } = { Hono: FakeHono };
  patchHono(exports as never);
  const once = exports.Hono;
  patchHono(exports as never);
  expect(exports.Hono).toBe(once);
});

it('a basePath() copy still lets its errors reach the parent\'s handler, and records them', () => {
  const exports: { Hono: typeof FakeHono } = { Hono: FakeHono };
  patchHono(exports as never);
  const Hono = exports.Hono;
  const parent = new Hono().onError(() => 'parent answer');
  const api = new Hono().basePath('/api');
  expect(api.errorHandler).not.toBe(honoDefault);
  expect(api.errorHandler(new Error('boom'), {})).toBe('hono default');
  parent.route('/', api);
  expect(parent.mountedWith).toBe('parent handles');
  const child = new Hono();
  api.route('/users', child);
  expect(api.mountedWith).toBe('parent handles');
  const deeper = api.basePath('/v1');
  parent.route('/', deeper);
  expect(parent.mountedWith).toBe('parent handles');
});

it('the app\'s handler still answers when reading the context throws', () => {
  const exports: { Hono: typeof FakeHono } = { Hono: FakeHono };
  patchHono(exports as never);
  const app = new exports.Hono();
  const context = { get req(): never { throw new Error('broken getter'); } };
  expect(app.errorHandler(new Error('boom'), context)).toBe('hono default');
});
