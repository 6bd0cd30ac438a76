/** The large input is this many times the small one: linear work costs 16× more, quadratic 256×. */
export const GROWTH_FACTOR = 16;

/**
 * The geometric middle of 16 (linear) and 256 (quadratic). Noise would have to inflate a linear
 * parser's ratio 4× to fail it, and a quadratic one needs a 4× discount to pass; with inputs only
 * 4× apart (linear 4, quadratic 16, limit 8) a busy CI host inflated a linear ratio to 9.7.
 */
export const LINEAR_GROWTH_LIMIT = 64;

/**
 * How much more CPU `run(make(16n))` costs than `run(make(n))`. Inputs are built outside the
 * measured region; each size is run repeatedly until at least `minCpuMs` of process CPU time has
 * been spent, and the cheapest of three such rounds is kept. CPU time (not wall time) is measured,
 * so a preempted test does not inflate the ratio; growth, not absolute time, is asserted. A ratio
 * at or above `LINEAR_GROWTH_LIMIT` is measured again (up to three times) and the smallest kept:
 * quadratic work fails every time, a noisy moment does not repeat itself.
 */
export function growthRatio<I>(make: (n: number) => I, run: (input: I) => void, n: number, minCpuMs = 40): number {
  const small = make(n);
  const large = make(GROWTH_FACTOR * n);
  run(small);
  run(large);
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio >= LINEAR_GROWTH_LIMIT; attempt++) {
    ratio = Math.min(ratio, measureRatio(small, large, run, minCpuMs));
  }
  return ratio;
}

function measureRatio<I>(small: I, large: I, run: (input: I) => void, minCpuMs: number): number {
  const perRun = (input: I): number => {
    const started = cpuMs();
    let runs = 0;
    let spent = 0;
    while (runs < 2 || spent < minCpuMs) {
      run(input);
      runs++;
      spent = cpuMs() - started;
    }
    return spent / runs;
  };
  let smallest = Infinity;
  let largest = Infinity;
  for (let round = 0; round < 3; round++) {
    smallest = Math.min(smallest, perRun(small));
    largest = Math.min(largest, perRun(large));
  }
  return largest / Math.max(smallest, 0.001);
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
