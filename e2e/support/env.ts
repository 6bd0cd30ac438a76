/** Addresses and paths set up by global-setup.ts. */
export function e2eEnv(): { httpUrl: string; wsUrl: string; project: string } {
  const httpUrl = process.env.WEFT_E2E_HTTP;
  const wsUrl = process.env.WEFT_E2E_WS;
  const project = process.env.WEFT_E2E_PROJECT;
  if (!httpUrl || !wsUrl || !project) throw new Error('e2e environment missing: run through `playwright test` (global setup)');
  return { httpUrl, wsUrl, project };
}
