// Express 4 scenario app, CommonJS: `node --require @faultline/node/instrument app.cjs`.
const express = require('express');
const { defineRoutes, listen } = require('./routes.cjs');

const app = express();
defineRoutes(express, app);
listen(app);
