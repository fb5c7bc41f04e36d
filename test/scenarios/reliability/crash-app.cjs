// Reliability scenario app (CommonJS, plain node:http): builds a backlog of successful-request spans and
// log records, then crashes, so a test can see whether the crash telemetry gets out first; also the
// target of the parser-error and fuzz scenarios. APP_CLIENT_ERROR_HANDLER=1 adds the app's own
// clientError listener.
const http = require('node:http');
const { trace } = require('@opentelemetry/api');
const { logs } = require('@opentelemetry/api');

const tracer = trace.getTracer('reliability-app');
const logger = logs.getLogger('reliability-app');

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/burst': {
      // `n` successful spans and as many info log records: the backlog a slow Collector leaves queued.
      const n = Number(url.searchParams.get('n') ?? '0');
      for (let i = 0; i < n; i += 1) {
        tracer.startSpan(`work ${i}`).end();
        logger.emit({ severityNumber: 9, severityText: 'INFO', body: `did work ${i}` });
      }
      res.end(String(n));
      return;
    }
    case '/fail':
      res.statusCode = 500;
      res.end('failed');
      return;
    case '/upload':
      // Reads the body before answering (a chunked body the parser refuses half-way is answered by Node).
      req.resume();
      req.on('end', () => res.end('uploaded'));
      return;
    case '/crash':
      setTimeout(() => {
        throw new Error('crash behind a backlog');
      }, 10);
      res.end('accepted');
      return;
    default:
      res.end('ok');
  }
});

if (process.env.APP_CLIENT_ERROR_HANDLER === '1') {
  server.on('clientError', (error, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nX-App: own\r\n\r\n'));
}

server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
