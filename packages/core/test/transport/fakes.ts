// Test doubles for the driver: a recording transport and a hand-driven clock (no real timers).
import type { Clock, TimerHandle } from '../../src/platform/index.js';
import type { ByteTransport } from '../../src/transport/index.js';

/** Records every call; `writable` decides what write() answers. */
export class FakeTransport implements ByteTransport {
  writes: Uint8Array[][] = [];
  calls: string[] = [];
  writable = true;

  write(chunks: readonly Uint8Array[]): boolean {
    this.writes.push([...chunks]);
    this.calls.push('write');
    return this.writable;
  }
  end(): void { this.calls.push('end'); }
  destroy(): void { this.calls.push('destroy'); }
  pause(): void { this.calls.push('pause'); }
  resume(): void { this.calls.push('resume'); }
}

interface Timer { id: number; at: number; fn: () => void }

/** Time moves only through advance(); pending() lists armed timers. */
export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  now(): number { return this.time; }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  pending(): number { return this.timers.length; }

  advance(ms: number): void {
    this.time += ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.fn();
    }
  }
}
