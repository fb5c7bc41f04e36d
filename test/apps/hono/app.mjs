// Hono 4 scenario app (ESM) on @hono/node-server.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createLogger } from '@faultline/node';
import routes from './routes.cjs';

routes.listen(serve, routes.build({ Hono, HTTPException, logger: createLogger({ name: 'hono' }) }));
