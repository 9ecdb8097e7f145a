import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');
export const BARE_NEST_SOURCE = join(root, 'bench/hosts/bare-nest.js');
export const README_HOST = join(root, 'dist/bench/bench/hosts/readme-host.js');

/** A Node.js binary the bench can start apps with. */
export interface NodeRuntime {
  /** "Node 20.20.2". */
  label: string;
  execPath: string;
}

/** The Node.js running the bench (the machine's). */
export function machineNode(): NodeRuntime {
  return { label: `Node ${process.versions.node}`, execPath: process.execPath };
}

/**
 * Node 24 (the current LTS) from the npm registry's per-platform binary package, in a
 * temporary directory: on Node 20, every `AsyncLocalStorage` makes each promise of every route
 * pay an async_hooks callback, which Node 24's AsyncContextFrame removes, so the bench measures
 * the same apps on both. Undefined (and why, logged) where no such package exists.
 */
export async function installNode24(
  dir: string,
  log: (message: string) => void,
): Promise<NodeRuntime | undefined> {
  const name = `node-${process.platform}-${process.arch}`;
  try {
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'node24', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `${name}@^24`], {
      cwd: dir,
      timeout: 300_000,
    });
    const execPath = join(dir, 'node_modules', name, 'bin/node');
    const { stdout } = await run(execPath, ['--version']);
    return { label: `Node ${stdout.trim().replace(/^v/, '')}`, execPath };
  } catch (error) {
    log(`Node 24 could not be installed (${name}): ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** The version of `@nestjs/core` installed under `dir`. */
export async function nestVersionIn(dir: string): Promise<string> {
  return JSON.parse(await readFile(join(dir, 'node_modules/@nestjs/core/package.json'), 'utf8'))
    .version as string;
}

/** The repository's own Nest (11), which the packages are built against and the demo runs on. */
export function repositoryNestVersion(): Promise<string> {
  return nestVersionIn(root);
}

/** A Nest 12 install in a temporary directory, with the bare app beside it; its directory and version. */
export async function installNest12(
  log: (message: string) => void,
): Promise<{ dir: string; version: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'authkit-bench-nest12-'));
  log(`installing Nest 12 for the bare baseline in ${dir}`);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bare-nest12', private: true }),
  );
  const packages = [
    '@nestjs/common@^12',
    '@nestjs/core@^12',
    '@nestjs/platform-express@^12',
    '@nestjs/platform-fastify@^12',
    'reflect-metadata',
    'rxjs',
  ];
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...packages], {
    cwd: dir,
    timeout: 300_000,
  });
  await copyFile(BARE_NEST_SOURCE, join(dir, 'bare-nest.js'));
  return { dir, version: await nestVersionIn(dir) };
}

/**
 * The README host beside bare Nest 12: the packages packed from this repository (built) and
 * installed with their peers as the README's install lines say, on Nest 12. False (and why,
 * logged) when it could not be installed.
 */
export async function installReadmeHostOnNest12(
  dir: string,
  log: (message: string) => void,
): Promise<boolean> {
  try {
    const tarballs = join(dir, 'tarballs');
    await mkdir(tarballs);
    await run(
      'npm',
      [
        'pack',
        '--workspaces',
        '--ignore-scripts',
        '--pack-destination',
        tarballs,
        '--loglevel=error',
      ],
      { cwd: root, maxBuffer: 1 << 24 },
    );
    const ours = [
      'core',
      'identity',
      'saas-site',
      'password-login',
      'partner-login',
      'token-realm',
      'session-jwt',
    ];
    // The host's own metrics SDK, at the versions this repository's demo uses.
    const pinned = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).dependencies;
    const sdk = ['@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus'].map(
      (name) => `${name}@${pinned[name]}`,
    );
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...ours.map((name) => join(tarballs, `authkit-${name}-0.1.0.tgz`)),
        ...['@nestjs/passport', 'passport', '@nestjs/typeorm', 'typeorm', 'pg'],
        ...['class-validator', 'class-transformer', ...sdk],
      ],
      { cwd: dir, timeout: 600_000, maxBuffer: 1 << 24 },
    );
    // argon2's install script did not run: where its prebuilt binary does not load (this project's
    // Node 20 machines), use the one this repository built, as the adoption suite does.
    const argon2Loads = await run(process.execPath, ['-e', "require('argon2')"], {
      cwd: dir,
    }).then(
      () => true,
      () => false,
    );
    if (!argon2Loads) {
      await rm(join(dir, 'node_modules/argon2/build'), { recursive: true, force: true });
      await run('cp', [
        '-a',
        join(root, 'node_modules/argon2/build'),
        join(dir, 'node_modules/argon2/build'),
      ]);
    }
    await copyFile(README_HOST, join(dir, 'readme-host.js'));
    return true;
  } catch (error) {
    log(
      `the README host on Nest 12 could not be installed: ${(error as Error).message.split('\n')[0]}`,
    );
    return false;
  }
}
