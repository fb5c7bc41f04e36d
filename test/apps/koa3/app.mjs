// Koa 3 scenario app, ESM: the shared do-no-harm app, loaded through import.
import Koa from 'koa';
import { createRequire } from 'node:module';

createRequire(import.meta.url)('../koa2/no-harm-app.cjs').startKoaApp(Koa);
