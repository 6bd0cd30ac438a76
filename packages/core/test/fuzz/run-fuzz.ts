import { Prng } from './prng.js';

/** A fuzz target: how to make a case from a seeded generator, and which invariants it checks. */
export interface FuzzTarget<C> {
  readonly name: string;
  generate(rng: Prng): C;
  /** Every broken invariant, as a sentence; empty when the case passed. */
  check(input: C): string[];
  /** A JSON-safe form of the case, for the corpus. */
  serialize(input: C): unknown;
}

/** One case that broke an invariant, replayable from `seed` and `iteration`. */
export interface Finding {
  target: string;
  seed: number;
  iteration: number;
  problems: string[];
  input: unknown;
}

/** What a run did. */
export interface FuzzReport {
  target: string;
  iterations: number;
  findings: Finding[];
  /** The slowest case, in ms, and its iteration: the "no hang" figure of the long runner. */
  slowestMs: number;
  slowestIteration: number;
}

/** Stops after `iterations` cases or once `until()` says so (checked between cases). */
export interface RunOptions {
  seed: number;
  iterations?: number;
  until?: () => boolean;
  maxFindings?: number;
  /** A clock for the per-case time (the long runner passes `performance.now`). */
  now?: () => number;
}

/** The generator for case `iteration` of a run with `seed`: any case can be replayed alone. */
export function caseRng(seed: number, iteration: number): Prng {
  return new Prng(Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(iteration + 1, 0x165667b1));
}

/** Runs `target` and collects findings; an exception thrown by the harness itself is a finding too. */
export function runFuzz<C>(target: FuzzTarget<C>, options: RunOptions): FuzzReport {
  const { seed, iterations = Infinity, until = () => false, maxFindings = 20, now } = options;
  const report: FuzzReport = { target: target.name, iterations: 0, findings: [], slowestMs: 0, slowestIteration: -1 };
  for (let i = 0; i < iterations && !until() && report.findings.length < maxFindings; i++) {
    const input = target.generate(caseRng(seed, i));
    const started = now?.() ?? 0;
    let problems: string[];
    try {
      problems = target.check(input);
    } catch (error) {
      problems = [`harness error: ${(error as Error)?.stack ?? String(error)}`];
    }
    const elapsed = (now?.() ?? 0) - started;
    if (elapsed > report.slowestMs) {
      report.slowestMs = elapsed;
      report.slowestIteration = i;
    }
    report.iterations++;
    if (problems.length > 0) report.findings.push({ target: target.name, seed, iteration: i, problems, input: target.serialize(input) });
  }
  return report;
}
