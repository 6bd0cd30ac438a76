// Replays every saved input of packages/core/test/fuzz-corpus/ through its fuzz target: inputs
// that once broke (or were written to probe) an invariant must keep passing every invariant.
import { describe, expect, it } from 'vitest';
import { readCorpus } from './corpus.js';
import { extensionsTarget, httpTarget, parseHttpCase, parseProtocolCase, protocolTarget } from './targets.js';
import type { ExtensionsCase } from './extensions-target.js';

const corpus = readCorpus();

describe('fuzz corpus', () => {
  it('is not empty', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  for (const entry of corpus) {
    it(`${entry.file}: ${entry.description}`, () => {
      const problems = entry.target === 'protocol' ? protocolTarget.check(parseProtocolCase(entry.input))
        : entry.target === 'http' ? httpTarget.check(parseHttpCase(entry.input))
          : extensionsTarget.check(entry.input as unknown as ExtensionsCase);
      expect(problems).toEqual([]);
    });
  }
});
