// The NestJS app (Express platform) the http-overhead-nestjs benchmark measures: one success route, one
// error route whose throw Nest's own exception filter answers (500). Nest's logger is off so the
// uninstrumented baseline does not format a stack per failed request; decorators applied by hand.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { announce } = require('./announce.cjs');

class BenchController {
  ok() { return { ok: true, items: [1, 2, 3] }; }
  async fail() {
    await Promise.resolve();
    throw new Error('order 1234 could not be saved');
  }
}
for (const name of ['ok', 'fail']) {
  Get(name)(BenchController.prototype, name, Object.getOwnPropertyDescriptor(BenchController.prototype, name));
}
Controller()(BenchController);
class BenchModule {}
Module({ controllers: [BenchController] })(BenchModule);

NestFactory.create(BenchModule, { logger: false }).then(async (app) => {
  await app.listen(0, '127.0.0.1');
  announce(app.getHttpServer());
});
