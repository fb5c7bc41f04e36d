// ws-app.cjs as an ES module: the same server, imported with `import`.
import http from 'node:http';
import { WebSocketServer } from 'ws';

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
