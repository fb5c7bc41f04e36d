// BullMQ scenario, CommonJS under `--require`.
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');
const { createLogger } = require('@faultline/node');

require('./bullmq-routes.cjs')({ Queue, Worker, IORedis, createLogger });
