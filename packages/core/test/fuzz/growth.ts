/**
 * How much more CPU `run(make(4n))` costs than `run(make(n))`: about 4 for linear work, 16 for
 * quadratic. Inputs are built outside the measured region; each size is run repeatedly until at
 * least `minCpuMs` of process CPU time has been spent, and the cheapest of three such rounds is
 * kept. CPU time (not wall time) is measured, so a busy shared machine that preempts the test
 * does not inflate the ratio; growth, not absolute time, is asserted.
 */
export function growthRatio<I>(make: (n: number) => I, run: (input: I) => void, n: number, minCpuMs = 40): number {
  const small = make(n);
  const large = make(4 * n);
  run(small);
  run(large);
  const cpuMs = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
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
