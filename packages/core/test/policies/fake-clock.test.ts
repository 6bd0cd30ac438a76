import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/index.js';

describe('FakeClock', () => {
  it('runs due timers in order, ties in insertion order, with now() at their due time', () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    clock.advance(15);
    expect(seen).toEqual(['a@10']);
    expect(clock.now()).toBe(15);
    clock.advance(5);
    expect(seen).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('runs timers scheduled by timers when they fall inside the same advance', () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => seen.push(clock.now()), 5), 5);
    clock.advance(10);
    expect(seen).toEqual([10]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('clears timers and counts pending ones', () => {
    const clock = new FakeClock(100);
    const handle = clock.setTimeout(() => {
      throw new Error('cleared timer ran');
    }, 1);
    clock.setTimeout(() => {}, 50);
    expect(clock.pendingTimers()).toBe(2);
    expect(clock.nextTimerAt()).toBe(101);
    clock.clearTimeout(handle);
    clock.advance(10);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('jumpTo runs overdue timers late, at the new time (a host that was suspended)', () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10);
    clock.jumpTo(1000);
    expect(seen).toEqual([1000]);
    expect(() => clock.jumpTo(5)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
