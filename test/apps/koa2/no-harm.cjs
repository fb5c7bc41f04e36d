// Koa 2 app for the do-no-harm scenarios.
require('./no-harm-app.cjs').startKoaApp(require('koa'));
