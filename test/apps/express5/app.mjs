// Express 5 scenario app (ESM), same routes as the Express 4 one.
import express from 'express';
import routes from '../express4/routes.cjs';

const app = express();
routes.defineRoutes(express, app);
routes.listen(app);
