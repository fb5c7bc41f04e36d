// ws scenario, ESM under `--import`.
import { WebSocketServer } from 'ws';
import startWsApp from './ws-routes.cjs';

startWsApp({ WebSocketServer });
