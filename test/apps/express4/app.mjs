// Express 4 scenario app, ESM: `node --import @faultline/node/instrument app.mjs`.
import express from 'express';
import routes from './routes.cjs';

const app = express();
routes.defineRoutes(express, app);
routes.listen(app);
