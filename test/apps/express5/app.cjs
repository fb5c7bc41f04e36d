// Express 5 scenario app (CommonJS), same routes as the Express 4 one.
const express = require('express');
const { defineRoutes, listen } = require('../express4/routes.cjs');

const app = express();
defineRoutes(express, app);
listen(app);
