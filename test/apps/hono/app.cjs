// Hono 4 scenario app (CommonJS) on @hono/node-server.
const { serve } = require('@hono/node-server');
const { Hono } = require('hono');
const { HTTPException } = require('hono/http-exception');
const { createLogger } = require('@faultline/node');
const { build, listen } = require('./routes.cjs');

listen(serve, build({ Hono, HTTPException, logger: createLogger({ name: 'hono' }) }));
