import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { configureExpressShapes, seedExpressShapes } from './express-shapes';

function pair(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  return { req, res: new ServerResponse(req) };
}

const own = (target: object, key: string) => Object.prototype.hasOwnProperty.call(target, key);

afterEach(() => configureExpressShapes({ enabled: true }));

it('creates what Express adds later, each with the value it reads as', () => {
  const { req, res } = pair();
  seedExpressShapes(req, res);
  for (const key of ['route', 'params', 'body', 'baseUrl', '_eventsCount']) expect(own(req, key)).toBe(true);
  for (const key of ['locals', 'statusCode', 'statusMessage']) expect(own(res, key)).toBe(true);
  const r = req as unknown as Record<string, unknown>;
  expect([r.route, r.body, r._eventsCount]).toEqual([undefined, undefined, 0]);
  expect([res.statusCode, res.statusMessage, (res as unknown as { locals: unknown }).locals]).toEqual([200, undefined, undefined]);
});

it('leaves values already set alone, null included (a mounted app is seeded again)', () => {
  const { req, res } = pair();
  const r = req as unknown as Record<string, unknown>;
  r.body = null;
  r.params = { id: '7' };
  res.statusCode = 404;
  req.on('data', () => undefined);
  seedExpressShapes(req, res);
  expect([r.body, r.params, res.statusCode, r._eventsCount]).toEqual([null, { id: '7' }, 404, 1]);
});

it('never throws into the request when a prototype made one of them read-only', () => {
  const { req, res } = pair();
  Object.setPrototypeOf(res, Object.create(ServerResponse.prototype, { statusCode: { get: () => 201 } }) as object);
  expect(() => seedExpressShapes(req, res)).not.toThrow();
  expect(res.statusCode).toBe(201);
  expect(own(req, 'route')).toBe(true);
});

it('adds nothing when FAULTLINE_EXPRESS_STABLE_SHAPES is false', () => {
  configureExpressShapes({ enabled: false });
  const { req, res } = pair();
  seedExpressShapes(req, res);
  expect(own(req, 'route') || own(res, 'locals')).toBe(false);
});
