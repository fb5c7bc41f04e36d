// Express 5 app for the do-no-harm scenarios (see ../express4/no-harm-routes.cjs).
const express = require('express');
const { defineNoHarmRoutes } = require('../express4/no-harm-routes.cjs');
const { listen } = require('../express4/routes.cjs');

const app = express();
defineNoHarmRoutes(express, app);
listen(app);
