// BullMQ scenario, ESM under `--import`.
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { createLogger } from '@faultline/node';
import startBullmqApp from './bullmq-routes.cjs';

startBullmqApp({ Queue, Worker, IORedis, createLogger });
