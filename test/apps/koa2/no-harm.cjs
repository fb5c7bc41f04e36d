// Koa 2 app for the do-no-harm scenarios: also a generator middleware, which Koa 2 converts with a
// deprecation warning.
require('./no-harm-app.cjs').startKoaApp(require('koa'), (app) => {
  process.on('deprecation', (warning) => process.stdout.write(`DEPRECATION ${warning.message}\n`));
  app.use(function* generatorMiddleware(next) {
    if (this.path === '/generator') this.body = 'from a generator';
    else yield next;
  });
});
