import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Every package is installable on its own: each module it imports (outside
 * its tests) is a dependency or a peer dependency in its package.json, and no
 * relative import leaves the package. Apps, tests and the bench import the
 * packages by name only.
 */
const root = resolve(__dirname, '..');
const packages = readdirSync(join(root, 'libs')).filter((name) =>
  statSync(join(root, 'libs', name)).isDirectory(),
);
const IMPORT = /(?:from\s+|import\s*\(\s*|require\(\s*)'([^']+)'/g;
// Type-only imports of these resolve to their @types package.
const TYPES_OF: Record<string, string> = { express: '@types/express' };

function sourceFiles(dir: string, skipTests: boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return entry === 'dist' || entry === 'node_modules' ? [] : sourceFiles(path, skipTests);
    if (!path.endsWith('.ts') || path.endsWith('.d.ts')) return [];
    return skipTests && /\.(e2e-)?spec\.ts$/.test(path) ? [] : [path];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => match[1]);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe.each(packages)('package @authkit/%s', (name) => {
  const dir = join(root, 'libs', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);

  it('declares every module it imports as a dependency or a peer dependency', () => {
    const missing = new Set<string>();
    for (const file of sourceFiles(join(dir, 'src'), true)) {
      for (const specifier of importsOf(file)) {
        if (
          specifier.startsWith('.') ||
          specifier.startsWith('node:') ||
          builtinModules.includes(specifier)
        )
          continue;
        const needed = TYPES_OF[packageName(specifier)] ?? packageName(specifier);
        if (!declared.has(needed) && needed !== manifest.name)
          missing.add(`${needed} (${relative(root, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("names no platform's types and no Nest internals: Express and Fastify are the host's choice", () => {
    const platformBound: string[] = [];
    for (const file of sourceFiles(join(dir, 'src'), true)) {
      for (const specifier of importsOf(file))
        if (
          ['express', 'fastify', '@nestjs/platform-express', '@nestjs/platform-fastify'].includes(
            specifier,
          ) ||
          /^@nestjs\/(core|common)\/.+/.test(specifier)
        )
          platformBound.push(`${relative(root, file)}: ${specifier}`);
    }
    expect(platformBound).toEqual([]);
  });

  it('builds no guard with `new`: guards come from DI, with the options and audit the host gave it', () => {
    const built = sourceFiles(join(dir, 'src'), true).filter((file) =>
      /\bnew\s+\w+Guard\s*\(/.test(readFileSync(file, 'utf8')),
    );
    expect(built.map((file) => relative(root, file))).toEqual([]);
  });

  it('imports nothing outside itself by a relative path', () => {
    const escaping: string[] = [];
    for (const file of sourceFiles(join(dir, 'src'), false)) {
      for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
        if (!resolve(dirname(file), specifier).startsWith(dir + sep))
          escaping.push(`${relative(root, file)}: ${specifier}`);
      }
    }
    expect(escaping).toEqual([]);
  });

  it('is a publishable package: built entry points, files, license, repository', () => {
    expect(manifest).toMatchObject({
      name: `@authkit/${name}`,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      license: 'MIT',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      repository: { directory: `libs/${name}` },
    });
    // The database package runs an embedded server and creates system users: the repository's own, never published.
    expect(manifest.private).toBe(name === 'database' ? true : undefined);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
    for (const file of ['README.md', 'LICENSE'])
      expect(statSync(join(dir, file)).isFile()).toBe(true);
  });
});

/** The entry points a package declares besides its main one (`./native-grpc`). */
function exportedSubpaths(name: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'libs', name, 'package.json'), 'utf8'));
  return Object.keys(manifest.exports ?? {}).filter(
    (path) => path !== '.' && path !== './package.json',
  );
}

describe('apps, tests and bench', () => {
  it('import the packages by name, never by a path into libs/', () => {
    const offending: string[] = [];
    for (const top of ['apps', 'test', 'bench']) {
      for (const file of sourceFiles(join(root, top), false)) {
        for (const specifier of importsOf(file)) {
          if (
            specifier.startsWith('.') &&
            resolve(dirname(file), specifier).startsWith(join(root, 'libs') + sep)
          )
            offending.push(`${relative(root, file)}: ${specifier}`);
          const deep = /^@authkit\/([^/]+)\/(.+)$/.exec(specifier);
          if (deep && !exportedSubpaths(deep[1]).includes(`./${deep[2]}`))
            offending.push(`${relative(root, file)}: ${specifier}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});

it('no published package creates system users or runs system commands', () => {
  const offending: string[] = [];
  for (const name of readdirSync(join(root, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)) {
    const manifest = JSON.parse(readFileSync(join(root, 'libs', name, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    for (const file of sourceFiles(join(root, 'libs', name, 'src'), false)) {
      if (/\b(useradd|groupadd|chown|child_process)\b/.test(readFileSync(file, 'utf8')))
        offending.push(relative(root, file));
    }
  }
  expect(offending).toEqual([]);
});

it("@authkit/core's index exports 40 names or fewer: what a host uses", () => {
  const index = readFileSync(join(root, 'libs/core/src/index.ts'), 'utf8');
  const names = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap((match) =>
    match[1]
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  expect(names.length).toBeLessThanOrEqual(40);
  expect(index).not.toMatch(/export \*/);
});

/** Lines of a package's sources and of its own tests (specs beside the code, suites in its test/). */
function linesOf(files: string[]): number {
  return files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0);
}

describe.each([
  'identity',
  'saas-site',
  'password-login',
  'partner-login',
  'token-realm',
  'session-jwt',
])('package @authkit/%s', (name) => {
  it('is tested on its own: its tests are at least half as long as its sources', () => {
    const dir = join(root, 'libs', name);
    const everything = [
      ...sourceFiles(join(dir, 'src'), false),
      ...sourceFiles(join(dir, 'test'), false),
    ];
    const tests = everything.filter((file) => /\.(e2e-)?spec\.ts$/.test(file));
    const sources = everything.filter(
      (file) => !tests.includes(file) && !file.includes(`${sep}test${sep}`),
    );
    expect(linesOf(tests) / linesOf(sources)).toBeGreaterThanOrEqual(0.5);
  });
});
