// A description of the machine, stored with every run.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** CPU model and count, memory, OS, Node version and the load average when the run started. */
export function describeMachine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cpus: list.length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    // The machine is shared: a load average well above the CPU count means noisy samples.
    loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)),
  };
}
