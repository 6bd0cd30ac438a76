// A Node module-loader hook that runs the TypeScript sources directly (types stripped with
// `typescript.transpileModule`), so the long fuzzer exercises the current tree, not a stale build.
// Resolves `./x.js` written in a .ts file to `./x.ts`, and the workspace aliases to their sources.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const aliases = {
  '@weft/core': join(root, 'packages/core/src/index.ts'),
  '@weft/node': join(root, 'packages/node/src/index.ts'),
};

export async function resolve(specifier, context, next) {
  if (Object.hasOwn(aliases, specifier)) return { url: pathToFileURL(aliases[specifier]).href, shortCircuit: true };
  const parent = context.parentURL;
  if (parent?.endsWith('.ts') && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), parent);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true, sourceMap: false },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
