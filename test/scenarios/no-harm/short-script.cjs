// A short script: one request to itself, then its work is done (DONE). With SERVE=1 it keeps serving;
// with THROW=1 it throws (uncaught) right after DONE.
const http = require('node:http');

const server = http.createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`LISTENING ${port}\n`);
  http.get(`http://127.0.0.1:${port}/work`, (res) => {
    res.resume();
    res.on('end', () => {
      if (process.env.SERVE !== '1') server.close();
      process.stdout.write('DONE\n');
      if (process.env.THROW === '1') throw new Error('short script crashed on purpose');
    });
  });
});
