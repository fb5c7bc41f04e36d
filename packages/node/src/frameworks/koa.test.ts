import { expect, it } from 'vitest';
import { patchKoa } from './koa';

class FakeKoa {
  context: object = Object.freeze({});
  middleware: unknown[] = [];
  listeners: unknown[] = [];
  on(_event: string, listener: unknown): this {
    this.listeners.push(listener);
    return this;
  }
  emit(): boolean {
    return false;
  }
  callback(): string {
    return 'koa handler';
  }
}

it('steps aside for an app it cannot hook (frozen context): Koa still gets its callback, nothing thrown', () => {
  patchKoa(FakeKoa as never, '2.16.4');
  const app = new FakeKoa();
  expect(() => app.callback()).not.toThrow();
  expect(app.callback()).toBe('koa handler');
});

it('hooks an ordinary app once: one error listener, one 404 middleware, its onerror set', () => {
  class Koa extends FakeKoa {
    override context: object = {};
  }
  patchKoa(Koa as never, '3.3.0');
  const app = new Koa();
  app.callback();
  app.callback();
  expect(app.listeners).toHaveLength(1);
  expect(app.middleware).toHaveLength(1);
  expect(Object.prototype.hasOwnProperty.call(app.context, 'onerror')).toBe(true);
});
