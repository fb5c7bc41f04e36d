// The NestJS scenario app, shared by Nest 11 (CommonJS, app.cjs) and Nest 12 (ESM, ../nest12/app.mjs),
// written as Nest's docs show: a module, a controller, an exception filter; the decorators are applied by
// hand (plain JS has no decorator syntax). Each caller passes its own copy of @nestjs/common and core.
// Secrets are fake.
const { FaultlineNestLogger } = require('./faultline-logger.cjs');

const FAKE_SECRET = 'sk_live_FAKE0000000000000000000000';

function defineAppModule({ Catch, Controller, Get, HttpException, Module, NotFoundException, UseFilters }) {
  class PaymentsFilter {
    catch(_exception, host) {
      const reply = host.switchToHttp().getResponse();
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
  function route(path, name, ...decorators) {
    const descriptor = Object.getOwnPropertyDescriptor(OrdersController.prototype, name);
    for (const decorate of [Get(path), ...decorators]) decorate(OrdersController.prototype, name, descriptor);
  }
  route('ok', 'ok');
  route('boom', 'boom');
  route('orders/:id', 'missing');
  route('teapot', 'teapot');
  route('filtered', 'filtered', UseFilters(new PaymentsFilter()));
  Controller()(OrdersController);

  class AppModule {}
  Module({ controllers: [OrdersController] })(AppModule);
  return AppModule;
}

async function serve(NestFactory, AppModule, adapter) {
  const app = await NestFactory.create(AppModule, ...(adapter ? [adapter] : []), { bufferLogs: true });
  app.useLogger(new FaultlineNestLogger());
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`LISTENING ${app.getHttpServer().address().port}\n`);
}

process.on('unhandledRejection', (reason) => {
  process.stdout.write(`UNHANDLED_REJECTION ${reason && reason.message}\n`);
});

module.exports = { defineAppModule, serve };
