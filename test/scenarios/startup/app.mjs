// Scenario app for the preload (ESM): plain node:http, prints `LISTENING <port>` once it listens.
// Routes trigger what the startup, process and redaction scenarios need; APP_* variables add the app's
// own signal and crash handlers.
import http from 'node:http';
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api';

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/ok':
      res.end('ok');
      return;
    case '/reject':
      // Nobody awaits this promise.
      Promise.reject(new Error('forgotten promise'));
      res.end('accepted');
      return;
    case '/crash':
      setTimeout(() => {
        throw new Error('crash in a timer');
      }, 20);
      res.end('accepted');
      return;
    case '/attributes':
      // App code putting a secret on the active span.
      trace.getActiveSpan()?.setAttribute('app.note', `charged with key ${url.searchParams.get('v')}`);
      res.end('noted');
      return;
    case '/log':
      // A log record through the OpenTelemetry logs API, carrying secrets in its body and attributes.
      logs.getLogger('scenario-app').emit({
        severityNumber: 17,
        severityText: 'ERROR',
        body: `login failed, key ${url.searchParams.get('v')}`,
        attributes: { password: url.searchParams.get('password'), user: 'ada' },
      });
      res.end('logged');
      return;
    default:
      res.statusCode = 404;
      res.end('none');
  }
});

if (process.env.APP_SIGTERM_HANDLER === '1') {
  process.on('SIGTERM', () => {
    console.log('APP SIGTERM');
    server.close();
  });
}
if (process.env.APP_UNCAUGHT_HANDLER === '1') {
  process.on('uncaughtException', (error) => console.log(`APP HANDLED ${error.message}`));
}

server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
