/**
 * Runs one conformance case: a raw peer, the echo testee, the scripted steps, then the closing
 * handshake the way Autobahn's server does it (answer the client's close, then close TCP first).
 * Judges both what the client sent (echoes, pongs, close code) and what the user saw (events).
 */
import { expect, it } from 'vitest';
import { describeEvents, startRawPeer } from './raw-peer.js';
import type { ClientEvent, PeerConnection, PeerOptions, RawPeer, Split } from './raw-peer.js';
import { startTestee, withTimeout } from './testee.js';
import type { Testee, UserEvent } from './testee.js';
import { close as closeFrame, isCloseFrame } from './frame-builder.js';

/** One scripted action of the peer. */
export type Step =
  | { send: Buffer | Buffer[]; split?: Split }
  /** Each buffer in its own write, yielding to the event loop in between (Autobahn's `sync`). */
  | { sendEach: Buffer[] }
  | { waitEvents: number; timeoutMs?: number }
  | { delayMs: number }
  /** Fail-fast: the client's close frame must arrive within `withinMs`, before the next step. */
  | { awaitClose: number }
  | { endTcp: true }
  | { destroyTcp: true }
  | { run: (conn: PeerConnection) => Promise<void> };

/** What the client is expected to send. `close.code` may list the acceptable codes. */
export type Expected =
  | { type: 'text' | 'binary' | 'ping' | 'pong'; data: Buffer | string }
  | { type: 'close'; code: number | undefined | Array<number | undefined> };

/** Everything handed to a case's extra check. */
export interface CaseContext {
  peer: RawPeer;
  conn: PeerConnection;
  testee: Testee;
  closeEvent: Extract<UserEvent, { type: 'close' }>;
}

/** One row of a conformance table. */
export interface ConformanceCase {
  name: string;
  peer?: PeerOptions;
  /** The testee's `perMessageDeflate` option. */
  deflate?: boolean;
  steps: Step[];
  /** Exactly what the client sends, in order (messages, pongs, then its close). */
  client: Expected[];
  /** What the user's close event must say. */
  user?: { code?: number | number[]; wasClean?: boolean };
  /** Extra assertions after the run. */
  check?: (ctx: CaseContext) => void | Promise<void>;
  /** How long the client may take to send its close after the last step (default 5000). */
  closeWithinMs?: number;
  timeoutMs?: number;
}

/** Shorthands for expectations. */
export const expectText = (data: Buffer | string): Expected => ({ type: 'text', data });
export const expectBinary = (data: Buffer | string): Expected => ({ type: 'binary', data });
export const expectPong = (data: Buffer | string = ''): Expected => ({ type: 'pong', data });
export const expectClose = (code: number | undefined | Array<number | undefined>): Expected => ({ type: 'close', code });

async function runStep(step: Step, conn: PeerConnection, state: { sentClose: boolean }): Promise<void> {
  if ('send' in step) {
    const frames = Array.isArray(step.send) ? step.send : [step.send];
    if (frames.some(isCloseFrame)) state.sentClose = true;
    await conn.write(Buffer.concat(frames), step.split);
  } else if ('sendEach' in step) {
    for (const frame of step.sendEach) {
      if (isCloseFrame(frame)) state.sentClose = true;
      await conn.write(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else if ('waitEvents' in step) await conn.waitForCount(step.waitEvents, step.timeoutMs);
  else if ('delayMs' in step) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
  else if ('awaitClose' in step) await conn.waitForClose(step.awaitClose);
  else if ('endTcp' in step) conn.end();
  else if ('destroyTcp' in step) conn.socket.destroy();
  else await step.run(conn);
}

function matches(actual: ClientEvent, wanted: Expected): boolean {
  if (wanted.type === 'close') {
    const codes = Array.isArray(wanted.code) ? wanted.code : [wanted.code];
    return actual.type === 'close' && codes.includes(actual.code);
  }
  if (actual.type !== wanted.type) return false;
  const data = typeof wanted.data === 'string' ? Buffer.from(wanted.data, 'utf8') : wanted.data;
  return 'data' in actual && actual.data.equals(data);
}

/**
 * Data messages must come in order, and control frames in order, but an automatic pong may
 * overtake an echo (the echo is the application's act, the pong the protocol's). The close is last.
 */
function sameEvents(actual: ClientEvent[], wanted: Expected[]): boolean {
  if (actual.length !== wanted.length) return false;
  const isData = (type: string): boolean => type === 'text' || type === 'binary';
  const pick = <T extends { type: string }>(list: T[], data: boolean): T[] => list.filter((e) => e.type !== 'close' && isData(e.type) === data);
  const inOrder = (a: ClientEvent[], w: Expected[]): boolean => a.length === w.length && a.every((e, i) => matches(e, w[i]!));
  const lastOk = wanted.at(-1)?.type !== 'close' || (actual.at(-1)?.type === 'close' && matches(actual.at(-1)!, wanted.at(-1)!));
  return lastOk && inOrder(pick(actual, true), pick(wanted, true)) && inOrder(pick(actual, false), pick(wanted, false)) &&
    actual.filter((e) => e.type === 'close').length === wanted.filter((e) => e.type === 'close').length;
}

function describeExpected(list: Expected[]): string {
  return `[${list
    .map((e) => (e.type === 'close' ? `close(${JSON.stringify(e.code)})` : `${e.type}(${e.data.length <= 24 ? JSON.stringify(e.data.toString()) : `${e.data.length} bytes`})`))
    .join(', ')}]`;
}

/** Runs `testCase` and asserts everything it declares. */
export async function runCase(testCase: ConformanceCase): Promise<void> {
  const peer = await startRawPeer(testCase.peer);
  const testee = await startTestee(peer.url, { perMessageDeflate: testCase.deflate });
  try {
    const conn = await withTimeout(peer.connection, 5000, 'the client to connect and send its Upgrade request');
    expect(peer.requestProblems(), 'Upgrade request problems').toEqual([]);
    const state = { sentClose: false };
    for (const step of testCase.steps) await runStep(step, conn, state);
    const clientClose = await conn.waitForClose(testCase.closeWithinMs ?? 5000);
    if (!state.sentClose) await conn.write(closeFrame(clientClose.code, clientClose.reason));
    conn.end();
    const closeEvent = await withTimeout(testee.closed, 3000, 'the user close event after the server closed TCP');
    await conn.tcpClosed;
    const seen = describeEvents(conn.events);
    expect(conn.reader.violations, `wire violations in client frames; events ${seen}`).toEqual([]);
    const ok = sameEvents(conn.events, testCase.client);
    expect(ok, `client sent ${seen}, expected ${describeExpected(testCase.client)}`).toBe(true);
    checkUserEvents(testee.events, testCase, conn.events);
    await testCase.check?.({ peer, conn, testee, closeEvent });
  } finally {
    await peer.stop();
    await withTimeout(testee.closed, 2000, 'the testee to close after the peer stopped').catch(() => undefined);
  }
}

function checkUserEvents(events: UserEvent[], testCase: ConformanceCase, sent: ClientEvent[]): void {
  const shown = JSON.stringify(events.map((e) => (e.type === 'error' ? { type: 'error', error: String(e.error) } : e)));
  expect(events[0]?.type, `user events ${shown}`).toBe('open');
  expect(events.filter((e) => e.type === 'open').length, `user events ${shown}`).toBe(1);
  expect(events.filter((e) => e.type === 'close').length, `user events ${shown}`).toBe(1);
  expect(events.at(-1)?.type, `user events ${shown}`).toBe('close');
  const echoed = sent.filter((e) => e.type === 'text' || e.type === 'binary').length;
  expect(events.filter((e) => e.type === 'message').length, `messages the user saw vs echoed; ${shown}`).toBe(echoed);
  const closeEvent = events.at(-1) as Extract<UserEvent, { type: 'close' }>;
  if (testCase.user?.code !== undefined) {
    const codes = Array.isArray(testCase.user.code) ? testCase.user.code : [testCase.user.code];
    expect(codes, `user close code; events ${shown}`).toContain(closeEvent.code);
  }
  if (testCase.user?.wasClean !== undefined) expect(closeEvent.wasClean, `wasClean; events ${shown}`).toBe(testCase.user.wasClean);
}

/** Registers one vitest test per row. */
export function defineCases(cases: ConformanceCase[]): void {
  for (const testCase of cases) it(testCase.name, () => runCase(testCase), testCase.timeoutMs ?? 20_000);
}

/** Expected shape of a normal close the peer started with `code`: echoed and seen by the user. */
export function normalClose(code = 1000): { client: Expected; user: { code: number; wasClean: boolean } } {
  return { client: expectClose(code), user: { code, wasClean: true } };
}

/** The user-side expectation when the client fails the connection with `code`. */
export function failedWith(code: number): { code: number[]; wasClean?: boolean } {
  return { code: [code, 1006] };
}
