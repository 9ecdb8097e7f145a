import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess } from './demo-process';
import { withClient } from './test-database';

export interface PgBouncer {
  /** `databaseUrl` with its host and port replaced by the bouncer's. */
  through(databaseUrl: string): string;
  stop(): Promise<void>;
}

// PGBOUNCER_PATH names another binary (or none: CI's newcomer run points it at nothing).
const BINARY = (
  process.env.PGBOUNCER_PATH
    ? [process.env.PGBOUNCER_PATH]
    : ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']
).find((path) => spawnSync(path, ['--version']).status === 0);

/**
 * Whether Debian's `pgbouncer` is installed, known synchronously. Where it is
 * not, the suite is skipped with a warning, unless AUTHKIT_REQUIRE_PGBOUNCER=1
 * (CI, which installs it), which makes that a failure.
 */
export function pgBouncerAvailable(purpose: string): boolean {
  if (!BINARY && process.env.AUTHKIT_REQUIRE_PGBOUNCER === '1')
    throw new Error('AUTHKIT_REQUIRE_PGBOUNCER=1 but pgbouncer is not installed');
  if (!BINARY)
    // eslint-disable-next-line no-console -- say why the suite is skipped
    console.warn(`Skipping ${purpose}: pgbouncer is not installed (apt-get install pgbouncer)`);
  return BINARY !== undefined;
}

/**
 * PgBouncer in transaction pooling in front of the server of `serverUrl`
 * (every database on it, same user and password), on a free loopback port. It
 * refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  if (!BINARY) throw new Error('pgbouncer is not installed');
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'authkit-pgbouncer-'));
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  await writeFile(join(dir, 'userlist.txt'), `${quote(user)} ${quote(password)}\n`, {
    mode: 0o600,
  });
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      // Clients on loopback, in a test: not asked for a password; the server is logged into with auth_file's.
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      'default_pool_size = 20',
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const postgres = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    for (const file of ['', 'userlist.txt', 'pgbouncer.ini'])
      await chown(join(dir, file), Number(postgres.stdout), Number(group.stdout));
    await chmod(dir, 0o700);
  }
  const child: ChildProcess = spawn(
    BINARY,
    [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')],
    { stdio: 'ignore' },
  );
  const through = (databaseUrl: string) => {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    return url.toString();
  };
  // Ready when a query through it answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await withClient(through(serverUrl), (client) => client.query('SELECT 1'));
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`pgbouncer did not start: ${(error as Error).message}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    through,
    stop: async () => {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
