import { expect, test } from './support/fixtures.js';
import { waitUntil } from './support/page-client.js';

test('debug held attempt', async ({ client, startServer, page }) => {
  const server = await startServer();
  await client.connect(server.url, { reconnect: { minDelayMs: 50, maxDelayMs: 100 }, heartbeat: false });
  await client.waitForEvents('opened');
  server.holdHandshakes = true;
  server.closeAll(1001, 'going away');
  await waitUntil('held', () => server.upgradeRequests, (n) => n >= 2);
  console.log('open sockets before close', server.openTcpSockets, server.connections[0].closed);
  await client.close();
  const t0 = Date.now();
  for (let i = 0; i < 40; i++) {
    if (server.openTcpSockets === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log('after', Date.now() - t0, 'ms open sockets', server.openTcpSockets);
  // native path
  const r = await page.evaluate(async (url) => {
    const ws = new WebSocket(url);
    await new Promise((r) => setTimeout(r, 300));
    ws.close(1000, '');
    return ws.readyState;
  }, server.url);
  const t1 = Date.now();
  for (let i = 0; i < 40; i++) {
    if (server.openTcpSockets === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log('native', r, Date.now() - t1, 'ms open sockets', server.openTcpSockets, server.upgradeRequests);
  console.log(JSON.stringify(await client.events()));
});
