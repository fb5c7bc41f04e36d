// Koa 3 app for the do-no-harm scenarios.
require('../koa2/no-harm-app.cjs').startKoaApp(require('koa'));
