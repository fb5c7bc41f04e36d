// Scheduled-work scenario, ESM under `--import`.
import cron from 'node-cron';
import { createLogger, runTask, taskHandler } from '@faultline/node';
import startScheduledApp from './scheduled-routes.cjs';

startScheduledApp({ cron, createLogger, runTask, taskHandler });
