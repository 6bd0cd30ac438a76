import { test as base, expect } from '@playwright/test';
import { ControlledServer, type ControlledServerOptions } from './controlled-server.js';
import { PageClient } from './page-client.js';
import { startPageServer, type PageServer } from './page-server.js';

/** Fixtures of the client scenarios. */
export interface ClientFixtures {
  /** The harness page, loaded from the page server, with no page error allowed by the end. */
  client: PageClient;
  /** Start a controlled `ws` server; every server started is killed when the test ends. */
  startServer: (options?: ControlledServerOptions) => Promise<ControlledServer>;
}

/** Playwright's `test` with the page server (per worker), the harness page and controlled servers. */
export const test = base.extend<ClientFixtures, { pageServer: PageServer }>({
  pageServer: [
    // Playwright requires the first fixture argument to be a destructuring pattern.
    async ({}, use) => {
      const server = await startPageServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  client: async ({ page, pageServer }, use) => {
    const client = await PageClient.open(page, pageServer.pageUrl);
    await use(client);
    expect(client.pageErrors, 'errors thrown in the page').toEqual([]);
  },
  startServer: async ({}, use) => {
    const started: ControlledServer[] = [];
    await use(async (options) => {
      const server = await ControlledServer.start(options);
      started.push(server);
      return server;
    });
    for (const server of started) await server.kill();
  },
});

export { expect };
