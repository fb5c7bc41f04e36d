// The scheduled-work scenario app, given the modules it was loaded with (scheduled-app.cjs requires
// them, scheduled-app.mjs imports them): a node-cron job every second whose second run fails on both
// attempts, and a setInterval heartbeat, each run a task with its own run ID; HTTP keeps serving.
const http = require('node:http');

module.exports = function startScheduledApp({ cron, createLogger, runTask, taskHandler }) {
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
  setInterval(taskHandler('heartbeat', () => logger.info({ marker: 'heartbeat-log' }, 'alive')), 300).unref();

  const server = http.createServer((req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
};
