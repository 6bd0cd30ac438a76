// The short fuzz run of `pnpm test` (about 5 s on the CI machine). The same targets run for as
// long as asked with `pnpm fuzz --seconds N --seed S --target protocol|http|extensions|all`.
// A finding prints its seed and iteration; replay it with `caseRng(seed, iteration)`, then save
// the input in packages/core/test/fuzz-corpus/ so it stays a regression test.
import { describe, expect, it } from 'vitest';
import { runFuzz, type FuzzReport } from './run-fuzz.js';
import { extensionsTarget, httpTarget, protocolTarget } from './targets.js';

/** Seed of the short run: fixed so CI is reproducible; WEFT_FUZZ_SEED explores another one. */
const SEED = Number(process.env.WEFT_FUZZ_SEED ?? 20_240_607);

function expectNoFindings(report: FuzzReport): void {
  const described = report.findings.map((f) => `seed ${f.seed} iteration ${f.iteration}:\n${f.problems.join('\n')}\n${JSON.stringify(f.input).slice(0, 1500)}`);
  expect(described).toEqual([]);
  expect(report.iterations).toBeGreaterThan(0);
}

describe('short fuzz run', () => {
  it('ClientProtocol.receiveData agrees with the reference model on mutated server streams in random chunks', () => {
    expectNoFindings(runFuzz(protocolTarget, { seed: SEED, iterations: 3_000 }));
  });

  it('HttpResponseParser never throws anything but its HandshakeErrors and ignores chunking', () => {
    expectNoFindings(runFuzz(httpTarget, { seed: SEED, iterations: 2_500 }));
  });

  it('validateResponse accepts only offered, well-formed extension and subprotocol answers', () => {
    expectNoFindings(runFuzz(extensionsTarget, { seed: SEED, iterations: 6_000 }));
  });
});
