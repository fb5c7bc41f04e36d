// Fastify 4 under the preload (CommonJS): published hooks only.
import path from 'node:path';
import { describe } from 'vitest';
import { useScenario } from '../../support';
import { frameworkCases } from '../http/framework-cases';

const scenario = useScenario();

describe('Fastify 4 with --require', () => {
  frameworkCases({
    scenario,
    start: (env) => scenario.start({ entry: path.resolve(__dirname, '../../apps/fastify4/app.cjs'), mode: 'require', env }),
    routes: { ownErrorHandler: '/own/boom', ownRouteErrorHandler: '/own/route-handler', ownNotFound: '/mine/x', secretInMessage: true, corsErrors: '/cors/boom', frameworkErrorBody: true },
  });
});
