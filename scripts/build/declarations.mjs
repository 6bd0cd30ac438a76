// Declaration emit for the rollup build: `.d.ts` for `import`, `.d.cts` for `require`.
// Rollup bundles the JavaScript; declarations come from the TypeScript compiler API, then every
// file is written twice so that TypeScript under `node16`/`nodenext` sees an ESM declaration tree
// (`.d.ts`, relative imports `./x.js`) and a CommonJS one (`.d.cts`, relative imports `./x.cjs`).
import ts from 'typescript';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

/**
 * Rewrite module specifiers of one declaration file. `aliases` maps a bare specifier
 * (`@weft/core`) to an absolute path without extension; relative `.js` specifiers become `.cjs`
 * in the CommonJS tree.
 */
export function rewriteSpecifiers(text, fileName, aliases, flavour) {
  const extension = flavour === 'cjs' ? '.cjs' : '.js';
  return text.replace(SPECIFIER, (match, lead, quote, specifier) => {
    const target = aliases[specifier];
    if (target !== undefined) {
      let path = relative(dirname(fileName), target).split(sep).join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return `${lead}${quote}${path}${extension}${quote}`;
    }
    if (flavour === 'cjs' && specifier.startsWith('.') && specifier.endsWith('.js')) {
      return `${lead}${quote}${specifier.slice(0, -3)}.cjs${quote}`;
    }
    return match;
  });
}

/** Write `text` as `<name>.d.ts` and `<name>.d.cts`, rewriting specifiers for each flavour. */
export function writeDeclarationPair(fileName, text, aliases) {
  const base = fileName.replace(/\.d\.(c|m)?ts$/, '');
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.d.ts`, rewriteSpecifiers(text, `${base}.d.ts`, aliases, 'esm'));
  writeFileSync(`${base}.d.cts`, rewriteSpecifiers(text, `${base}.d.cts`, aliases, 'cjs'));
}

function readConfig(tsconfig) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(formatDiagnostics([d])); } };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host);
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  return parsed;
}

function formatDiagnostics(diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

/**
 * Emit the declarations of the files under `sourceDir` (as found by `tsconfig`) into `outDir`.
 * `paths` overrides the tsconfig's (workspace packages point at their built `.d.ts`);
 * `aliases` rewrites bare specifiers in the output (see {@link rewriteSpecifiers}).
 */
export function emitDeclarations({ tsconfig, sourceDir, outDir, paths, aliases = {} }) {
  const parsed = readConfig(tsconfig);
  const root = resolve(sourceDir) + sep;
  const rootNames = parsed.fileNames.filter((f) => resolve(f).startsWith(root));
  const options = {
    ...parsed.options,
    ...(paths === undefined ? {} : { paths }),
    rootDir: resolve(sourceDir),
    outDir: resolve(outDir),
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    noEmit: false,
    noCheck: true,
  };
  const program = ts.createProgram(rootNames, options);
  const result = program.emit(undefined, (fileName, text) => writeDeclarationPair(fileName, text, aliases));
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`declaration emit failed:\n${formatDiagnostics(errors)}`);
}

/** Copy the declaration trees (`.d.ts` and `.d.cts`) of `fromDir` into `toDir`, rewriting aliases. */
export function copyDeclarations(fromDir, toDir, aliases = {}) {
  for (const entry of readdirSync(fromDir, { withFileTypes: true })) {
    const from = join(fromDir, entry.name);
    if (entry.isDirectory()) {
      copyDeclarations(from, join(toDir, entry.name), aliases);
    } else if (entry.name.endsWith('.d.ts')) {
      writeDeclarationPair(join(toDir, entry.name), readFileSync(from, 'utf8'), aliases);
    }
  }
}
