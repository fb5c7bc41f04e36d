// Scheduled-work scenario, CommonJS under `--require`.
const cron = require('node-cron');
const { createLogger, runTask, taskHandler } = require('@faultline/node');

require('./scheduled-routes.cjs')({ cron, createLogger, runTask, taskHandler });
