// An independent WebSocket peer for tau4j's transport conformance tests (WebSocketTransportNodeTest).
// Usage: node server.js [pfx-file passphrase]. Prints "listening PORT", then one line per event the
// test checks ("closed PATH CODE REASON", "pong PATH PAYLOAD"). The path of the URL picks the scenario.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');

const [pfx, passphrase] = process.argv.slice(2);
const server = pfx ? https.createServer({ pfx: fs.readFileSync(pfx), passphrase }) : http.createServer();
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });

// A raw frame: ws validates what it sends, so an invalid one is written to the socket directly.
function rawFrame(opcode, payload, fin = true) {
  const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, payload.length])
    : Buffer.from([(fin ? 0x80 : 0) | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

wss.on('connection', (ws, req) => {
  const path = req.url.split('?')[0];
  ws.on('close', (code, reason) => console.log(`closed ${path} ${code} ${reason.toString()}`));
  ws.on('pong', (data) => console.log(`pong ${path} ${data.toString()}`));
  ws.on('error', (e) => console.log(`error ${path} ${e.message}`));
  switch (path) {
    case '/echo':
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      break;
    case '/sni':
      ws.send(`sni ${req.socket.servername || ''}`);
      break;
    case '/fragments':
      ws.send('Hello, ', { fin: false });
      ws.ping('mid-message');
      ws.send('fragmented ', { fin: false });
      ws.send('wörld', { fin: true });
      ws.send('after');
      break;
    case '/close':
      ws.close(4001, 'bye');
      break;
    case '/invalid-utf8':
      req.socket.write(rawFrame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])));
      break;
    case '/oversize':
      ws.send('x'.repeat(70000));
      break;
    case '/oversize-fragments':
      ws.send('y'.repeat(30000), { fin: false });
      ws.send('y'.repeat(30000), { fin: false });
      ws.send('y'.repeat(30000), { fin: true });
      break;
    case '/ping':
      ws.ping('are you there');
      break;
    default:
      ws.close(4004, 'no such scenario');
  }
});

server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
