// The beyond-http benchmark's workload, run once per variant in its own process: sequential WebSocket
// echo round trips (server and client in this process) and BullMQ jobs through a real redis-server
// (added one by one, worked with concurrency 1). Prints one JSON line: wall and CPU time per message
// and per job. BENCH_BULLMQ_OTEL=1 gives the queue and worker the bullmq-otel adapter, as a team using
// plain OpenTelemetry would.
const http = require('node:http');
const { once } = require('node:events');
const { WebSocketServer, WebSocket } = require('ws');
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const JOBS = Number(process.env.BENCH_JOBS ?? 300);

function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function timed(count, fn) {
  const cpu = cpuMicros();
  const start = process.hrtime.bigint();
  await fn();
  return { wall: Number(process.hrtime.bigint() - start) / 1000 / count, cpu: (cpuMicros() - cpu) / count };
}

async function wsRoundTrips() {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${server.address().port}/bench`);
  await once(client, 'open');
  const roundTrips = async (count) => {
    for (let i = 0; i < count; i += 1) {
      client.send('ping');
      await once(client, 'message');
    }
  };
  await roundTrips(Math.ceil(MESSAGES / 10));
  const result = await timed(MESSAGES, () => roundTrips(MESSAGES));
  client.close();
  server.closeAllConnections?.();
  wss.close();
  server.close();
  return result;
}

async function jobs() {
  const connection = new IORedis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null });
  const extra = {};
  if (process.env.BENCH_BULLMQ_OTEL === '1') extra.telemetry = new (require('bullmq-otel').BullMQOtel)({ tracerName: 'bench' });
  const name = `bench-${process.pid}`;
  const queue = new Queue(name, { connection, ...extra });
  let done = 0;
  let wanted = 0;
  let wake;
  const worker = new Worker(name, async (job) => job.data.n * 2, { connection, concurrency: 1, ...extra });
  worker.on('completed', () => {
    done += 1;
    if (done === wanted) wake();
  });
  const run = async (count) => {
    wanted = done + count;
    const finished = new Promise((resolve) => { wake = resolve; });
    for (let i = 0; i < count; i += 1) await queue.add('double', { n: i }, { removeOnComplete: true });
    await finished;
  };
  await run(Math.ceil(JOBS / 10));
  const result = await timed(JOBS, () => run(JOBS));
  await worker.close();
  await queue.close();
  connection.disconnect();
  return result;
}

(async () => {
  const ws = await wsRoundTrips();
  const job = await jobs();
  process.stdout.write(`${JSON.stringify({ ws, job })}\n`);
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
