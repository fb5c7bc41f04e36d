// Failures that surface far from the work that caused them: a timer or a queueMicrotask callback that
// throws after a task scheduled it, and a socket created in a task whose 'error' event has no listener.
// APP_CASE picks one; each ends in an uncaughtException.
const net = require('node:net');
const http = require('node:http');
const { runTask } = require('@faultline/node');

const cases = {
  timer: () => setTimeout(() => { throw new Error('timer callback failed'); }, 10),
  microtask: () => queueMicrotask(() => { throw new Error('microtask callback failed'); }),
  // Port 1 on loopback refuses: the socket emits 'error' with nobody listening.
  socket: () => { net.connect(1, '127.0.0.1'); },
};

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${server.address().port}`);
  void runTask('import-orders', () => {
    cases[process.env.APP_CASE]();
  }).then(() => console.log('TASK DONE'));
});
