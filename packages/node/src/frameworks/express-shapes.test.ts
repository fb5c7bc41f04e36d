import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { RESPONSE_NAMES, REQUEST_NAMES, configureExpressShapes, seedExpressShapes, shapesNeeded } from './express-shapes';
import type { ExpressAppLike } from './express-shapes';

/** What Express gives an app: request and response prototypes under Node's. */
function expressApp(): ExpressAppLike {
  return { request: Object.create(IncomingMessage.prototype) as object, response: Object.create(ServerResponse.prototype) as object };
}
const app = expressApp();

function pair(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  return { req, res: new ServerResponse(req) };
}

const own = (target: object, key: string) => Object.prototype.hasOwnProperty.call(target, key);

afterEach(() => configureExpressShapes({ enabled: true }));

it('creates what Express adds later, each with the value it reads as', () => {
  const { req, res } = pair();
  seedExpressShapes(app, req, res);
  expect(REQUEST_NAMES.filter((key) => !own(req, key))).toEqual([]);
  expect(RESPONSE_NAMES.filter((key) => !own(res, key))).toEqual([]);
  const r = req as unknown as Record<string, unknown>;
  expect(REQUEST_NAMES.map((key) => r[key])).toEqual(REQUEST_NAMES.map((key) => (key === '_eventsCount' ? 0 : undefined)));
  expect(own(req, 'body')).toBe(false);
  expect([res.statusCode, res.statusMessage, (res as unknown as { locals: unknown }).locals]).toEqual([200, undefined, undefined]);
});

it('leaves values already set alone, null included (a mounted app is seeded again)', () => {
  const { req, res } = pair();
  const r = req as unknown as Record<string, unknown>;
  r.route = null;
  r.params = { id: '7' };
  res.statusCode = 404;
  req.on('data', () => undefined);
  seedExpressShapes(app, req, res);
  expect([r.route, r.params, res.statusCode, r._eventsCount]).toEqual([null, { id: '7' }, 404, 1]);
});

it('never throws into the request when a prototype made one of them read-only', () => {
  const { req, res } = pair();
  Object.setPrototypeOf(res, Object.create(ServerResponse.prototype, { statusCode: { get: () => 201 } }) as object);
  expect(() => seedExpressShapes(app, req, res)).not.toThrow();
  expect(res.statusCode).toBe(201);
  expect(own(req, 'route')).toBe(true);
});

it('leaves an app alone whose request or response prototype defines one of the names', () => {
  const withLocals = expressApp();
  (withLocals.response as Record<string, unknown>).locals = { shared: true };
  const { req, res } = pair();
  seedExpressShapes(withLocals, req, res);
  expect(own(req, 'route') || own(res, 'locals')).toBe(false);
  const withRoute = expressApp();
  Object.defineProperty(withRoute.request, 'route', { get: () => 'from the app' });
  const second = pair();
  seedExpressShapes(withRoute, second.req, second.res);
  expect(own(second.req, 'route')).toBe(false);
});

it('adds nothing when FAULTLINE_EXPRESS_STABLE_SHAPES is false', () => {
  configureExpressShapes({ enabled: false });
  const { req, res } = pair();
  seedExpressShapes(app, req, res);
  expect(own(req, 'route') || own(res, 'locals')).toBe(false);
});

it('is needed before V8 13.6 (Node 22) and not from it on (Node 24, 26)', () => {
  expect(shapesNeeded('12.4.254.21-node.33')).toBe(true);
  expect(shapesNeeded('13.5.212.10')).toBe(true);
  expect(shapesNeeded('13.6.233.10-node.28')).toBe(false);
  expect(shapesNeeded('14.1.146.11-node.10')).toBe(false);
});
