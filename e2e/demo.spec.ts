import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './support/paths.js';

/** Start `node scripts/demo-entry.mjs ...args`; resolves with the process and its page URL. */
function startDemo(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(REPO, 'scripts/demo-entry.mjs'), ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code} before serving:\n${output}`)));
  });
}

test.describe('pnpm demo', () => {
  test('--once runs the scripted Node story and exits 0', async () => {
    test.setTimeout(90_000);
    const child = spawn(process.execPath, [join(REPO, 'scripts/demo-entry.mjs'), '--once'], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/echo "hello, weft"/);
    expect(output).toMatch(/ping RTT: \d/);
    expect(output).toMatch(/reconnected/);
    expect(output).toMatch(/once each and in order: "queued #1", "queued #2", "queued #3"/);
    expect(output).toMatch(/8.0 MiB echoed back intact/);
    expect(output).toMatch(/Demo finished/);
  });

  test('the browser page shows the open state, a round trip, latency and the reconnect countdown', async ({ page }) => {
    const demo = await startDemo(['--serve']);
    try {
      await page.goto(demo.url);
      await expect(page.locator('#state')).toHaveText('open');
      await expect(page.locator('#messages')).toContainText('→ hello from the browser');
      await expect(page.locator('#messages')).toContainText('← hello from the browser');
      await expect(page.locator('#latency')).toHaveText(/^\d+(\.\d+)? ms$/);

      await page.fill('#text', 'typed by a person');
      await page.click('button[type="submit"]');
      await expect(page.locator('#messages')).toContainText('← typed by a person');

      await page.click('#restart');
      await expect(page.locator('#state')).toHaveText('reconnecting');
      await expect(page.locator('#countdown')).toHaveText(/attempt \d+ in \d+\.\d s/);
      await expect(page.locator('#state')).toHaveText('open', { timeout: 15_000 });
    } finally {
      if (demo.child.exitCode === null) {
        const exited = new Promise((resolve) => demo.child.once('exit', resolve));
        demo.child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
