// A description of the machine, stored with every run.
import { cpus, totalmem, release, platform } from 'node:os';

/** CPU model and count, memory, OS and Node version. */
export function describeMachine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cpus: list.length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}
