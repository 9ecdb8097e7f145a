/* eslint-disable no-console -- a command-line tool: its output is the point */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, startDemoProcess, type DemoProcess } from '../test/support/demo-process';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { parseBenchArgs, type BenchSettings } from './bench-settings';
import { measure, measureInRounds, type Measurement } from './measure';
import { machineDescription, renderMarkdown, type BenchResults, type RouteResult } from './report';
import { mintCredentials, provision, type Credentials } from './credentials';
import { renderSoakMarkdown, runSoak } from './soak';
import { guardedRoutes, loginLoads, type NamedLoad, NOOP_ROUTE, OPEN_ROUTE } from './loads';

/**
 * `npm run bench`: the demo on a fresh database, credentials provisioned with
 * the admin CLI, then autocannon against an open route, a no-work passport
 * route and one guarded route per scheme, with the verified-credential cache
 * on and then off; the logins; latency while logins run; and token validation
 * with 1,000 against 1,000,000 stored tokens. Writes bench/results.{md,json}.
 */
async function main(): Promise<void> {
  const settings = parseBenchArgs(process.argv.slice(2));
  const db = await openBenchDatabase(process.env.DATABASE_URL || undefined);
  let demo: DemoProcess | undefined;
  try {
    const env = benchEnv(db.url);
    const provisioned = await provision((args) => runCli(args, env));
    log('demo with the credential cache on');
    demo = await startDemoProcess(env);
    const credentials = await mintCredentials(demo.baseUrl, provisioned);
    if (settings.soak) {
      log(`soak: ${settings.soakMinutes} min of mixed traffic`);
      const soak = await runSoak(demo.baseUrl, demo.process.pid!, credentials, settings.soakMinutes, settings.connections, log);
      await writeResults(settings.outDir, 'soak-results', soak, renderSoakMarkdown(soak));
      if (soak.serverErrors > 0) process.exitCode = 1;
      return;
    }
    const guarded = guardedRoutes(credentials);
    const cached = await measureRoutes(demo.baseUrl, guarded, settings);
    const logins = await measureLogins(demo.baseUrl, credentials, settings);
    const latencyUnderLoginLoad = await measureLatencyUnderLoginLoad(demo.baseUrl, credentials, settings);
    await demo.stop();

    log('demo with the credential cache off');
    demo = await startDemoProcess({ ...env, CREDENTIAL_CACHE_MAX_ENTRIES: '0' });
    const uncached = await measureRoutes(demo.baseUrl, guarded, settings);
    const tokenVolume = await measureTokenVolume(demo.baseUrl, db, credentials, settings);

    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: { ...machineDescription(), postgres: await db.serverVersion() },
      settings,
      routes: combine(cached, uncached, guarded),
      logins,
      latencyUnderLoginLoad,
      tokenVolume,
    };
    await writeResults(settings.outDir, 'results', results, renderMarkdown(results));
  } finally {
    await demo?.stop();
    await db.close();
  }
}

async function writeResults(outDir: string, name: string, results: unknown, markdown: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(outDir, `${name}.md`), markdown);
  console.log(`\n${markdown}`);
  log(`written to ${join(outDir, `${name}.md`)} and ${name}.json`);
}

function benchEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    MASTER_SECRET: 'benchmark master secret, at least thirty-two bytes',
    DEMO_BENCH_ROUTES: '1',
    // No line per request: the benchmark measures authentication, not logging.
    LOG_LEVEL: 'warn',
    // Long enough for the whole run (both demo instances use the tokens minted by the first).
    SAAS_ACCESS_TOKEN_TTL_SECONDS: '7200',
    // The benchmark hammers the logins from one address on purpose.
    LOGIN_RATE_LIMIT_PER_ADDRESS: '100000000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000000',
    LOGIN_RATE_LIMIT_PER_SERVICE: '100000000',
  };
}

interface RouteMeasurements {
  baseline: Measurement;
  noop: Measurement;
  guarded: Measurement[];
}

/** The open route, the no-work passport route and every guarded route, in interleaved rounds. */
async function measureRoutes(baseUrl: string, guarded: NamedLoad[], settings: BenchSettings): Promise<RouteMeasurements> {
  const [baseline, noop, ...measured] = await measureInRounds(baseUrl, [OPEN_ROUTE, NOOP_ROUTE, ...guarded], {
    rounds: settings.rounds,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    onLoad: (load, round) => log(`  round ${round + 1}/${settings.rounds}: ${(load as NamedLoad).name}`),
  });
  return { baseline, noop, guarded: measured };
}

function combine(cached: RouteMeasurements, uncached: RouteMeasurements, guarded: NamedLoad[]): BenchResults['routes'] {
  const row = (load: NamedLoad, on: Measurement, off: Measurement): RouteResult => ({
    name: load.name,
    path: load.path,
    cached: on,
    ratio: round(on.requestsPerSecond / cached.baseline.requestsPerSecond),
    uncached: off,
    uncachedRatio: round(off.requestsPerSecond / uncached.baseline.requestsPerSecond),
  });
  return {
    baseline: { cached: cached.baseline, uncached: uncached.baseline },
    noop: row(NOOP_ROUTE, cached.noop, uncached.noop),
    guarded: guarded.map((load, index) => row(load, cached.guarded[index], uncached.guarded[index])),
  };
}

async function measureLogins(baseUrl: string, c: Credentials, settings: BenchSettings): Promise<BenchResults['logins']> {
  log('logins');
  const results = [];
  for (const load of loginLoads(c)) {
    log(`  ${load.name}`);
    const measurement = await measure(baseUrl, load, { connections: settings.loginConnections, durationSeconds: settings.durationSeconds, warmupSeconds: 1 });
    results.push({ name: load.name, path: load.path, measurement });
  }
  return results;
}

/**
 * A guarded route at a fixed request rate, idle and then while
 * `loginConnections` clients hammer the password login: p99 should stay
 * within twice its idle value if hashing never blocks the event loop.
 */
async function measureLatencyUnderLoginLoad(baseUrl: string, c: Credentials, settings: BenchSettings): Promise<BenchResults['latencyUnderLoginLoad']> {
  log('latency of a guarded route, idle and under login load');
  const route = guardedRoutes(c).find((load) => load.path === '/api/user/me')!;
  const login = loginLoads(c).find((load) => load.path === '/api/user/login')!;
  const durationSeconds = settings.durationSeconds * 2;
  const options = { connections: 4, durationSeconds, warmupSeconds: 1, overallRate: settings.latencyProbeRate };
  const idle = await measure(baseUrl, route, options);
  const [loaded, logins] = await Promise.all([
    measure(baseUrl, route, options),
    measure(baseUrl, login, { connections: settings.loginConnections, durationSeconds: durationSeconds + 1 }),
  ]);
  return { route: route.path, requestRate: settings.latencyProbeRate, loginClients: settings.loginConnections, idle, loaded, logins, p99Ratio: round(loaded.latencyP99Ms / idle.latencyP99Ms) };
}

/**
 * Validation with the cache off, so every request reaches the index: 1,000
 * stored tokens, then 1,000,000. Each is measured beside the open route and
 * compared as a fraction of it, so a drift of the machine does not pass for
 * an effect of the table's size.
 */
async function measureTokenVolume(baseUrl: string, db: BenchDatabase, c: Credentials, settings: BenchSettings): Promise<BenchResults['tokenVolume']> {
  const route = guardedRoutes(c).find((load) => load.path === '/api/user/me')!;
  const run = async (storedTokens: number) => {
    const [open, measurement] = await measureInRounds(baseUrl, [OPEN_ROUTE, route], settings);
    return { storedTokens, measurement, openRoute: open, ratioToOpen: round(measurement.requestsPerSecond / open.requestsPerSecond) };
  };
  // Only the measured token, then filler up to the count: the logins measured earlier left tokens of their own.
  await db.query('DELETE FROM password_login_token WHERE token_hash <> $1', [createHash('sha256').update(c.loginToken).digest('hex')]);
  const fillTo = async (count: number) => {
    const [{ stored }] = await db.query<{ stored: string }>('SELECT count(*) AS stored FROM password_login_token');
    // Other users' tokens: random SHA-256 values, valid for a day, in the same table and indexes.
    await db.query(
      `INSERT INTO password_login_token (token_hash, user_id, expires_at)
       SELECT encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $1, now() + interval '1 day' FROM generate_series(1, $2)`,
      [c.userId, Math.max(0, count - Number(stored))],
    );
    await db.query('VACUUM ANALYZE password_login_token');
  };
  log(`token volume: ${settings.smallTokenCount} stored login tokens`);
  await fillTo(settings.smallTokenCount);
  const small = await run(settings.smallTokenCount);
  log(`token volume: ${settings.largeTokenCount} stored login tokens (inserting)`);
  await fillTo(settings.largeTokenCount);
  const large = await run(settings.largeTokenCount);
  return { route: route.path, small, large, ratio: round(large.ratioToOpen / small.ratioToOpen) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
