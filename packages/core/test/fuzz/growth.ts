import { performance } from 'node:perf_hooks';

/**
 * How much slower `run(make(4n))` is than `run(make(n))`, each the best of `repeats` timings
 * after a warm-up, with the inputs built outside the timed region: about 4 for linear work, 16
 * for quadratic. Measures growth, not absolute time, so a slow or busy machine does not make the
 * test flaky.
 */
export function growthRatio<I>(make: (n: number) => I, run: (input: I) => void, n: number, repeats = 7): number {
  const small = make(n);
  const large = make(4 * n);
  run(small);
  run(large);
  const best = (input: I): number => {
    let min = Infinity;
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      run(input);
      min = Math.min(min, performance.now() - started);
    }
    return Math.max(min, 0.05);
  };
  return best(large) / best(small);
}
