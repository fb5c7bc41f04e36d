// Five kept-alive connections answer two requests each; then, with the connections still open, a full
// garbage collection: prints how many of the requests' server spans are still alive (RETAINED n), then
// how long the idle connections stayed open before the server's keep-alive timeout closed them
// (CLOSED_AFTER_MS n, the last one). Run with --expose-gc. The clients are raw sockets, so only the
// server decides when a connection ends.
const http = require('node:http');
const net = require('node:net');
const { trace } = require('@opentelemetry/api');

const CONNECTIONS = 5;
const KEEP_ALIVE_MS = 300;
const spans = [];
const server = http.createServer((_req, res) => {
  spans.push(new WeakRef(trace.getActiveSpan() ?? {}));
  res.end('ok');
});
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.keepAliveTimeoutBuffer = 0;

/** A connection that sends `count` requests one after the other; resolves with its socket once all are answered. */
function client(port, count) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let answered = 0;
    const ask = () => socket.write('GET /work HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.on('error', reject);
    socket.on('connect', ask);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // Each answer ends with its 2-byte body.
      while (received.includes('\r\n\r\nok')) {
        received = received.slice(received.indexOf('\r\n\r\nok') + 6);
        answered += 1;
        if (answered < count) ask();
        else resolve(socket);
      }
    });
  });
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  process.stdout.write(`LISTENING ${port}\n`);
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => client(port, 2)));
  const idleSince = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const retained = spans.filter((ref) => ref.deref() !== undefined).length;
  const open = sockets.filter((socket) => !socket.destroyed).length;
  process.stdout.write(`SPANS ${spans.length} RETAINED ${retained} OPEN ${open}\n`);
  let closed = 0;
  for (const socket of sockets) {
    socket.on('close', () => {
      closed += 1;
      if (closed < CONNECTIONS) return;
      process.stdout.write(`CLOSED_AFTER_MS ${Date.now() - idleSince}\n`);
      server.close();
    });
  }
});
