// BENCH_DIAG=1: each measurement also reports what its figure cost the client process, so two
// implementations (or two builds) can be compared by cause, not only by rate: minor page faults
// (fresh memory), user and system CPU, and how many minor and major GCs ran during the workload.
import { constants, PerformanceObserver } from 'node:perf_hooks';

export const diagnosticsWanted = process.env.BENCH_DIAG === '1';

/** Starts counting; the returned function writes one `DIAG …` line to stderr. */
export function startDiagnostics() {
  const gcs = { minor: 0, major: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
      else if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = process.resourceUsage();
  return (label) => {
    const after = process.resourceUsage();
    observer.disconnect();
    const ms = (micros) => Math.round(micros / 1000);
    process.stderr.write(`DIAG ${label}: ${after.minorPageFault - before.minorPageFault} minor faults, `
      + `cpu ${ms(after.userCPUTime - before.userCPUTime)} ms user + ${ms(after.systemCPUTime - before.systemCPUTime)} ms sys, `
      + `GCs ${gcs.minor} minor / ${gcs.major} major\n`);
  };
}
