import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * No source file reaches itself through relative imports (type-only ones
 * included), in any package or app: a reader can follow each folder top down.
 */
const root = resolve(__dirname, '..');
const IMPORT = /(?:from\s+|import\s*\(\s*|require\(\s*)'(\.{1,2}\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return entry === 'dist' || entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !/\.(d|spec|e2e-spec)\.ts$/.test(path) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

function cycles(files: string[]): string[][] {
  const edges = new Map(
    files.map((file) => [
      file,
      [...readFileSync(file, 'utf8').matchAll(IMPORT)]
        .map((match) => resolveImport(file, match[1]))
        .filter((target): target is string => target !== undefined),
    ]),
  );
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)));
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  return found;
}

const folders = ['libs', 'apps'].flatMap((top) =>
  readdirSync(join(root, top))
    .map((name) => join(root, top, name, 'src'))
    .filter((dir) => existsSync(dir)),
);

describe.each(folders.map((dir) => [relative(root, dirname(dir)), dir]))('%s', (_name, dir) => {
  it('has no import cycle', () => {
    expect(cycles(sourceFiles(dir))).toEqual([]);
  });
});
