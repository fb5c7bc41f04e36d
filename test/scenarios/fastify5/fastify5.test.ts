// Fastify 5 under the preload (ESM): published hooks only.
import path from 'node:path';
import { describe } from 'vitest';
import { useScenario } from '../../support';
import { frameworkCases } from '../http/framework-cases';

const scenario = useScenario();

describe('Fastify 5 with --import', () => {
  frameworkCases({
    scenario,
    start: (env) => scenario.start({ entry: path.resolve(__dirname, '../../apps/fastify5/app.mjs'), mode: 'import', env }),
    routes: { ownErrorHandler: '/own/boom', ownRouteErrorHandler: '/own/route-handler', ownNotFound: '/mine/x', secretInMessage: true, corsErrors: '/cors/boom', frameworkErrorBody: true },
  });
});
