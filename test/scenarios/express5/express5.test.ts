// Express 5 under the preload, CommonJS and ESM (its router already forwards rejections; Faultline adds
// the recording, the problem responses and the 404).
import path from 'node:path';
import { describe } from 'vitest';
import { useScenario } from '../../support';
import { expressSpanCases } from '../http/express-span-cases';
import { frameworkCases } from '../http/framework-cases';

const APP_DIR = path.resolve(__dirname, '../../apps/express5');
const scenario = useScenario();

describe.each([
  { mode: 'require' as const, entry: 'app.cjs' },
  { mode: 'import' as const, entry: 'app.mjs' },
])('Express 5 with --$mode', ({ mode, entry }) => {
  frameworkCases({
    scenario,
    start: (env) => scenario.start({ entry: path.join(APP_DIR, entry), mode, env }),
    routes: { ownErrorHandler: '/own/boom', ownNotFound: '/mine/x' },
  });
  expressSpanCases(scenario, (env = {}) => scenario.start({ entry: path.join(APP_DIR, entry), mode, env }));
});
