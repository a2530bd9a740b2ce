// The Node peer for run.sh websocket: one process of the npm package ws (run.sh installs it into
// benchmarks/target/node and puts it on NODE_PATH), on 127.0.0.1.
//   node ws-server.js PORT echo|broadcast deflate|plain
// echo: each message is sent back as it came (text as text); broadcast: each text message goes to every open client
// (the pattern of ws's own broadcast example). deflate: permessage-deflate with ws's defaults except threshold 0, so
// that, as with the other servers, every message is compressed (ws's default leaves messages under 1 KiB alone).
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const [port, mode, compression] = process.argv.slice(2);
if (!['echo', 'broadcast'].includes(mode) || !['deflate', 'plain'].includes(compression)) {
  console.error('usage: node ws-server.js PORT echo|broadcast deflate|plain');
  process.exit(2);
}
const server = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(port),
  backlog: 4096,
  maxPayload: 1 << 20,
  perMessageDeflate: compression === 'deflate' ? { threshold: 0 } : false,
});
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (mode === 'echo') {
      ws.send(data, { binary: isBinary });
    } else if (!isBinary) {
      for (const client of server.clients) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: false });
        }
      }
    }
  });
});
server.on('listening', () => console.log(`ws ${mode} server (${compression}) on 127.0.0.1:${port}`));
