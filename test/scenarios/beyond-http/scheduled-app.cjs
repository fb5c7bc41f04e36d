// Scheduled work through the task API: a node-cron job every second (its second run fails on both
// attempts) and a setInterval heartbeat, each run a task with its own run ID; HTTP keeps serving.
const http = require('node:http');
const cron = require('node-cron');
const { createLogger, runTask, taskHandler } = require('@faultline/node');

const logger = createLogger({ name: 'scheduler' });
let ticks = 0;
cron.schedule('* * * * * *', () => {
  ticks += 1;
  const tick = ticks;
  // rethrow: false: node-cron has nobody to hand a rejection to.
  return runTask('nightly-cleanup', (run) => {
    logger.info({ marker: 'cleanup-log', tick, attempt: run.attempt }, 'cleaning up');
    if (tick === 2) throw new Error('cleanup store unreachable');
  }, { rethrow: false, retry: { maxAttempts: 2, initialDelayMs: 10 } });
});
const heartbeat = setInterval(taskHandler('heartbeat', () => logger.info({ marker: 'heartbeat-log' }, 'alive')), 300);
heartbeat.unref();

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
