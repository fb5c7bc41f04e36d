// NestJS 11 scenario app (CommonJS), written as Nest's docs show: a module, a controller, an exception
// filter; the decorators are applied by hand (plain JS has no decorator syntax). PLATFORM=fastify serves
// it on @nestjs/platform-fastify. Secrets are fake.
require('reflect-metadata');
const { Catch, Controller, Get, HttpException, Module, NotFoundException, UseFilters } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FaultlineNestLogger } = require('./faultline-logger.cjs');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

class PaymentsFilter {
  catch(_exception, host) {
    const http = host.switchToHttp();
    const reply = http.getResponse();
    if (typeof reply.code === 'function') reply.code(503).send({ handledBy: 'app' });
    else reply.status(503).json({ handledBy: 'app' });
  }
}
Catch()(PaymentsFilter);

class OrdersController {
  ok() { return { ok: true }; }
  async boom() {
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw new Error(`charge failed api_key=${FAKE_SECRET}`);
  }
  missing() { throw new NotFoundException('order 42 not found'); }
  teapot() { throw new HttpException('brewing', 418); }
  async filtered() { throw new Error('handled by the app'); }
}
function route(verb, path, name, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(OrdersController.prototype, name);
  for (const decorate of [verb(path), ...decorators]) decorate(OrdersController.prototype, name, descriptor);
}
route(Get, 'ok', 'ok');
route(Get, 'boom', 'boom');
route(Get, 'orders/:id', 'missing');
route(Get, 'teapot', 'teapot');
route(Get, 'filtered', 'filtered', UseFilters(new PaymentsFilter()));
Controller()(OrdersController);

class AppModule {}
Module({ controllers: [OrdersController] })(AppModule);

async function main() {
  let adapter;
  if (process.env.PLATFORM === 'fastify') {
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    adapter = new FastifyAdapter();
  }
  const app = await NestFactory.create(AppModule, ...(adapter ? [adapter] : []), { bufferLogs: true });
  app.useLogger(new FaultlineNestLogger());
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`LISTENING ${app.getHttpServer().address().port}\n`);
}
process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});
main();
