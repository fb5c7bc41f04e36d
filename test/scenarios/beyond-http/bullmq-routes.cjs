// The BullMQ scenario app, given the modules it was loaded with (bullmq-app.cjs requires them,
// bullmq-app.mjs imports them): an HTTP service that enqueues jobs from a request and works them in
// the same process. GET /enqueue?fail=N fails the first N attempts (`always`: every one) of a job with
// 3 attempts; the processor logs a line per attempt.
const http = require('node:http');

module.exports = function startBullmqApp({ Queue, Worker, IORedis, createLogger }) {
  const connection = new IORedis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null });
  const name = process.env.QUEUE;
  const queue = new Queue(name, { connection });
  const logger = createLogger({ name: 'worker' });
  new Worker(name, async (job) => {
    logger.info({ marker: 'job-log', attempt: job.attemptsMade + 1 }, 'sending welcome mail');
    const { failTimes } = job.data;
    if (failTimes === 'always' || job.attemptsMade < failTimes) throw new Error('smtp refused the connection');
    return 'sent';
  }, { connection });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== '/enqueue') return res.end('ok');
    const fail = url.searchParams.get('fail');
    const job = await queue.add('welcome', { failTimes: fail === 'always' ? 'always' : Number(fail) }, { attempts: 3, backoff: { type: 'fixed', delay: 20 } });
    res.end(String(job.id));
  });
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
};
