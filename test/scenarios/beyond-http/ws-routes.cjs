// The ws scenario app, given the module it was loaded with (ws-app.cjs requires it, ws-app.mjs imports
// it, so both hooks are exercised): `boom` throws in the message listener, `reject` rejects in an async
// one, anything else is echoed; a `/crash-on-connect` client makes the connection listener throw.
const http = require('node:http');

module.exports = function startWsApp({ WebSocketServer }) {
  const server = http.createServer((req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    if (req.url.startsWith('/crash-on-connect')) throw new Error('connection listener failed');
    socket.on('message', (data) => {
      const text = String(data);
      if (text === 'boom') throw new Error('message listener failed');
      if (text !== 'reject') socket.send(`echo ${text}`);
    });
    socket.on('message', async (data) => {
      if (String(data) === 'reject') throw new Error('async message listener failed');
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
};
