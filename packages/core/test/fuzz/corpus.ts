import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One regression input: which target checks it, why it is kept, and the case itself. */
export interface CorpusEntry {
  file: string;
  target: 'protocol' | 'http' | 'extensions';
  /** What the input attacks, and the bug it found if any. */
  description: string;
  input: Record<string, unknown>;
}

const directory = fileURLToPath(new URL('../fuzz-corpus/', import.meta.url));

/** Every `*.json` entry of packages/core/test/fuzz-corpus/, sorted by file name. */
export function readCorpus(): CorpusEntry[] {
  return readdirSync(directory).filter((name) => name.endsWith('.json')).sort().map((file) => ({
    file,
    ...(JSON.parse(readFileSync(directory + file, 'utf8')) as Omit<CorpusEntry, 'file'>),
  }));
}
