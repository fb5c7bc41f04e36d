// Express 5 app for the do-no-harm scenarios, ESM (see ../express4/no-harm-routes.cjs).
import express from 'express';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { defineNoHarmRoutes } = require('../express4/no-harm-routes.cjs');
const { listen } = require('../express4/routes.cjs');

const app = express();
defineNoHarmRoutes(express, app);
listen(app);
