/* eslint-disable no-console -- a command-line tool: its output is the point */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, startDemoProcess, type DemoProcess } from '../test/support/demo-process';
import { request } from '../test/support/http';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { parseBenchArgs, type BenchSettings } from './bench-settings';
import {
  meanOf,
  measure,
  measureInRounds,
  type Measurement,
  ratioRange,
  round,
  summarise,
} from './measure';
import {
  evaluateTargets,
  type GuardRow,
  machineDescription,
  renderLoginStormMarkdown,
  type LatencyUnderLoginLoad,
  type Platform,
  PLATFORMS,
  type PlatformResults,
  renderMarkdown,
  type RouteRow,
} from './report';
import { mintCredentials, provision, type Credentials } from './credentials';
import { renderSoakMarkdown, runSoak, type SoakResults } from './soak';
import {
  type LoginFloodResults,
  measureLoginUnderFlood,
  renderLoginFloodMarkdown,
} from './login-flood';
import { measureAgainstBareNest, renderBareNestMarkdown } from './bare-nest';
import {
  guardedRoutes,
  guardOnlyRoutes,
  loginLoads,
  type NamedLoad,
  NOOP_ROUTE,
  OPEN_ROUTE,
  PEER_FIND_ONE,
  peerRoutes,
} from './loads';

/**
 * `npm run bench`: the demo on Express and on Fastify side by side, on a
 * fresh database with credentials provisioned by the admin CLI; then, in
 * interleaved rounds across both platforms, the open route, a no-work
 * passport route, two peers (a passport-jwt RS256 guard, a one-findOne
 * opaque-token guard) and every scheme's guarded route, with the
 * verified-credential cache on and then off; latency under a login storm on
 * each platform; the logins and token validation at volume on Express.
 * Writes bench/results.{md,json}, with the targets met and missed.
 */
async function main(): Promise<void> {
  const settings = parseBenchArgs(process.argv.slice(2));
  const db = await openBenchDatabase(process.env.DATABASE_URL || undefined);
  let demos: Record<Platform, DemoProcess> | undefined;
  try {
    const env = benchEnv(db.url);
    const provisioned = await provision((args) => runCli(args, env));
    if (settings.soak) {
      const soaks: Record<string, SoakResults> = {};
      for (const platform of PLATFORMS) {
        const demo = await startDemoProcess({ ...env, HTTP_PLATFORM: platform });
        try {
          log(`soak on ${platform}: ${settings.soakMinutes} min of mixed traffic`);
          soaks[platform] = await runSoak(
            demo.baseUrl,
            demo.process.pid!,
            await mintCredentials(demo.baseUrl, provisioned),
            settings.soakMinutes,
            settings.connections,
            log,
          );
        } finally {
          await demo.stop();
        }
      }
      await writeResults(
        settings.outDir,
        'soak-results',
        soaks,
        PLATFORMS.map((platform) => renderSoakMarkdown(soaks[platform], platform)).join('\n'),
      );
      if (Object.values(soaks).some((soak) => soak.serverErrors > 0 || !soak.memory.flat))
        process.exitCode = 1;
      return;
    }

    // A part measured alone: both demos, fresh credentials, one results file. Each call below is
    // awaited, not just returned, so that `finally` stops the demos only once the part is done.
    const runPart = async <T>(
      file: string,
      measurePart: (demos: Record<Platform, DemoProcess>, credentials: Credentials) => Promise<T>,
      render: (results: T) => string,
    ): Promise<void> => {
      demos = await startDemos(env);
      const credentials = await mintCredentials(demos.express.baseUrl, provisioned);
      await writeResults(settings.outDir, file, await measurePart(demos, credentials), render);
    };
    if (settings.loginFlood)
      return await runPart(
        'login-flood-results',
        (d, c) => measureLoginFloods(d, c, settings),
        renderLoginFloodMarkdown,
      );
    if (settings.loginStorm)
      return await runPart(
        'login-storm-results',
        (d, c) => measureLatenciesUnderLoginLoad(d, c, settings),
        renderLoginStormMarkdown,
      );
    if (settings.bareNest)
      return await runPart(
        'bare-nest-results',
        (d, c) => measureAgainstBareNest(d, c, env, settings, log),
        renderBareNestMarkdown,
      );

    log('Express and Fastify demos with the credential cache on');
    demos = await startDemos(env);
    let credentials = await mintCredentials(demos.express.baseUrl, provisioned);
    log('the baseline: bare Nest apps, a README host and the demo, in interleaved rounds');
    const bareNest = await measureAgainstBareNest(demos, credentials, env, settings, log);
    // Minted again for each part: on a slow machine the baseline outlasts a realm access token's hour.
    credentials = await mintCredentials(demos.express.baseUrl, provisioned);
    const routes = await routesOf(demos, credentials);
    const cached = await measureRoutes(demos, routes, settings, { guardsAlone: true });
    const latency = await measureLatenciesUnderLoginLoad(demos, credentials, settings);
    const logins = await measureLogins(demos.express.baseUrl, credentials, settings);
    const loginFlood = await measureLoginFloods(demos, credentials, settings);
    await stopDemos(demos);

    log('Express and Fastify demos with the credential cache off');
    demos = await startDemos({ ...env, CREDENTIAL_CACHE_MAX_ENTRIES: '0' });
    credentials = await mintCredentials(demos.express.baseUrl, provisioned);
    const uncached = await measureRoutes(demos, await routesOf(demos, credentials), settings, {
      guardsAlone: false,
    });
    const tokenVolume = await measureTokenVolume(demos.express.baseUrl, db, credentials, settings);

    const platforms = Object.fromEntries(
      PLATFORMS.map((platform) => [
        platform,
        platformResults(routes[platform], cached[platform], uncached[platform], latency[platform]),
      ]),
    ) as Record<Platform, PlatformResults>;
    await writeResults(
      settings.outDir,
      'results',
      {
        date: new Date().toISOString(),
        machine: { ...machineDescription(), postgres: await db.serverVersion() },
        settings,
        bareNest,
        platforms,
        logins,
        loginFlood,
        tokenVolume,
        targets: evaluateTargets(platforms),
      },
      (results) =>
        `${renderBareNestMarkdown(bareNest)}\n${renderMarkdown(results)}\n${renderLoginFloodMarkdown(loginFlood)}`,
    );
  } finally {
    if (demos) await stopDemos(demos);
    await db.close();
  }
}

async function measureLoginFloods(
  demos: Record<Platform, DemoProcess>,
  credentials: Credentials,
  settings: BenchSettings,
): Promise<Record<Platform, LoginFloodResults>> {
  const results = {} as Record<Platform, LoginFloodResults>;
  for (const platform of PLATFORMS) {
    log(`a real login during a flood of unknown-user logins (${platform})`);
    results[platform] = await measureLoginUnderFlood(
      demos[platform].baseUrl,
      credentials,
      settings,
    );
  }
  return results;
}

async function measureLatenciesUnderLoginLoad(
  demos: Record<Platform, DemoProcess>,
  credentials: Credentials,
  settings: BenchSettings,
): Promise<Record<Platform, LatencyUnderLoginLoad>> {
  return {
    express: await measureLatencyUnderLoginLoad(demos.express.baseUrl, credentials, settings),
    fastify: await measureLatencyUnderLoginLoad(demos.fastify.baseUrl, credentials, settings),
  };
}

async function startDemos(env: NodeJS.ProcessEnv): Promise<Record<Platform, DemoProcess>> {
  const [express, fastify] = await Promise.all(
    PLATFORMS.map((platform) => startDemoProcess({ ...env, HTTP_PLATFORM: platform })),
  );
  return { express, fastify };
}

async function stopDemos(demos: Record<Platform, DemoProcess>): Promise<void> {
  await Promise.all(Object.values(demos).map((demo) => demo.stop()));
}

async function writeResults<T>(
  outDir: string,
  name: string,
  results: T,
  markdown: string | ((results: T) => string),
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const text = typeof markdown === 'string' ? markdown : markdown(results);
  await writeFile(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(outDir, `${name}.md`), text);
  console.log(`\n${text}`);
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
    // Long enough for the whole run (every demo instance uses the tokens minted by the first).
    SAAS_ACCESS_TOKEN_TTL_SECONDS: '7200',
    // The benchmark hammers the logins from one address on purpose.
    LOGIN_RATE_LIMIT_PER_ADDRESS: '100000000',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000000',
    LOGIN_RATE_LIMIT_PER_SERVICE: '100000000',
  };
}

interface PlatformRoutes {
  open: NamedLoad;
  noop: NamedLoad;
  peers: NamedLoad[];
  schemes: NamedLoad[];
  guardsAlone: NamedLoad[];
}

/** Each platform's routes (its passport-jwt peer signs its own tokens). */
async function routesOf(
  demos: Record<Platform, DemoProcess>,
  c: Credentials,
): Promise<Record<Platform, PlatformRoutes>> {
  const of = async (demo: DemoProcess): Promise<PlatformRoutes> => {
    const { body } = await request(`${demo.baseUrl}/bench/peer-jwt-token`);
    return {
      open: OPEN_ROUTE,
      noop: NOOP_ROUTE,
      peers: peerRoutes(c, body.token),
      schemes: guardedRoutes(c),
      guardsAlone: guardOnlyRoutes(c),
    };
  };
  return { express: await of(demos.express), fastify: await of(demos.fastify) };
}

/** The guards alone come last, so the other routes have the same index whether they are measured or not. */
const loadsOf = (routes: PlatformRoutes, guardsAlone = true): NamedLoad[] => [
  routes.open,
  routes.noop,
  ...routes.peers,
  ...routes.schemes,
  ...(guardsAlone ? routes.guardsAlone : []),
];

/**
 * Every route of both platforms in the same interleaved rounds; the
 * measurements by platform, in `loadsOf` order. Within a round, each
 * platform's open and no-work routes are measured first and again last, and
 * each counts as the mean of the two: the baselines every ratio divides by
 * then stand for the whole of the round, not for whichever moment they ran.
 */
async function measureRoutes(
  demos: Record<Platform, DemoProcess>,
  routes: Record<Platform, PlatformRoutes>,
  settings: BenchSettings,
  { guardsAlone }: { guardsAlone: boolean },
): Promise<Record<Platform, Measurement[]>> {
  const BASELINES = 2; // open and no-work, first in loadsOf
  const targets = PLATFORMS.flatMap((platform) => {
    const loads = loadsOf(routes[platform], guardsAlone);
    return [...loads, ...loads.slice(0, BASELINES)].map((load) => ({
      platform,
      baseUrl: demos[platform].baseUrl,
      load,
    }));
  });
  const measured = await measureInRounds(targets, {
    rounds: settings.rounds,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    onTarget: (target, round) =>
      log(
        `  round ${round + 1}/${settings.rounds}: ${(target as (typeof targets)[number]).platform} ${(target.load as NamedLoad).name}`,
      ),
  });
  const ofPlatform = (platform: Platform): Measurement[] => {
    const own = measured.filter((_, index) => targets[index].platform === platform);
    const again = own.splice(own.length - BASELINES, BASELINES);
    return own.map((measurement, index) =>
      index < BASELINES ? meanOf(measurement, again[index]) : measurement,
    );
  };
  return { express: ofPlatform('express'), fastify: ofPlatform('fastify') };
}

function platformResults(
  routes: PlatformRoutes,
  cached: Measurement[],
  uncached: Measurement[],
  latencyUnderLoginLoad: LatencyUnderLoginLoad,
): PlatformResults {
  const loads = loadsOf(routes);
  const [openOn, noopOn] = cached;
  const openOff = uncached[0];
  const peerIndexes = routes.peers.map((peer) => loads.indexOf(peer));
  const findOneOff =
    uncached[loads.indexOf(routes.peers.find((peer) => peer.name === PEER_FIND_ONE)!)];
  const row = (load: NamedLoad): RouteRow => {
    const index = loads.indexOf(load);
    const on = cached[index];
    const off = uncached[index];
    return {
      name: load.name,
      path: load.path,
      ...on,
      ratio: round(on.requestsPerSecond / openOn.requestsPerSecond),
      ratioToNoop: round(on.requestsPerSecond / noopOn.requestsPerSecond),
      ratioToNoopRange: ratioRange(on, noopOn),
      ratioToPeers: Object.fromEntries(
        routes.peers.map((peer, i) => [
          peer.name,
          round(on.requestsPerSecond / cached[peerIndexes[i]].requestsPerSecond),
        ]),
      ),
      uncached: {
        ...off,
        ratio: round(off.requestsPerSecond / openOff.requestsPerSecond),
        ratioRange: ratioRange(off, openOff),
        ratioToFindOnePeer: round(off.requestsPerSecond / findOneOff.requestsPerSecond),
        ratioToFindOnePeerRange: ratioRange(off, findOneOff),
      },
    };
  };
  const guardRow = (load: NamedLoad): GuardRow => {
    const on = cached[loads.indexOf(load)];
    return {
      name: load.name,
      path: load.path,
      ...on,
      ratio: round(on.requestsPerSecond / openOn.requestsPerSecond),
      ratioToNoop: round(on.requestsPerSecond / noopOn.requestsPerSecond),
      ratioToNoopRange: ratioRange(on, noopOn),
    };
  };
  return {
    open: row(routes.open),
    noop: row(routes.noop),
    peers: routes.peers.map(row),
    schemes: routes.schemes.map(row),
    guardsAlone: routes.guardsAlone.map(guardRow),
    latencyUnderLoginLoad,
  };
}

async function measureLogins(baseUrl: string, c: Credentials, settings: BenchSettings) {
  log('logins');
  const results = [];
  for (const load of loginLoads(c)) {
    log(`  ${load.name}`);
    const measurement = await measure(baseUrl, load, {
      connections: settings.loginConnections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: 1,
    });
    results.push({ name: load.name, path: load.path, measurement });
  }
  return results;
}

/**
 * A guarded route at a fixed request rate, idle and then while
 * `loginConnections` clients hammer the password login, in `rounds` rounds
 * (idle, loaded, idle, loaded...): p99 should stay within 1.5 times its idle
 * value if hashing never blocks the event loop. Each p99 is the median of its
 * rounds, so one hiccup of the machine does not decide it.
 */
async function measureLatencyUnderLoginLoad(
  baseUrl: string,
  c: Credentials,
  settings: BenchSettings,
): Promise<LatencyUnderLoginLoad> {
  log(`latency of a guarded route, idle and under login load (${baseUrl})`);
  const route = guardedRoutes(c).find((load) => load.path === '/api/user/me')!;
  const login = loginLoads(c).find((load) => load.path === '/api/user/login')!;
  const durationSeconds = settings.durationSeconds * 2;
  const options = {
    connections: 4,
    durationSeconds,
    overallRate: settings.latencyProbeRate,
    exactLatency: true,
  };
  await measure(baseUrl, route, { ...options, durationSeconds: 1 });
  const idle: Measurement[] = [];
  const loaded: Measurement[] = [];
  const logins: Measurement[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    idle.push(await measure(baseUrl, route, options));
    const [probe, storm] = await Promise.all([
      measure(baseUrl, route, { ...options, warmupSeconds: 1 }),
      measure(baseUrl, login, {
        connections: settings.loginConnections,
        durationSeconds: durationSeconds + 1,
      }),
    ]);
    loaded.push(probe);
    logins.push(storm);
  }
  const [idleSummary, loadedSummary] = [summarise(idle), summarise(loaded)];
  const perRound = loaded.map((m, i) => m.latencyP99Ms / idle[i].latencyP99Ms);
  return {
    route: route.path,
    requestRate: settings.latencyProbeRate,
    loginClients: settings.loginConnections,
    idle: idleSummary,
    loaded: loadedSummary,
    logins: summarise(logins),
    p99Ratio: round(loadedSummary.latencyP99Ms / idleSummary.latencyP99Ms),
    p99RatioRange: [round(Math.min(...perRound)), round(Math.max(...perRound))],
  };
}

/**
 * Validation with the cache off, so every request reaches the index: 1,000
 * stored tokens, then 1,000,000. Each is measured beside the open route and
 * compared as a fraction of it, so a drift of the machine does not pass for
 * an effect of the table's size.
 */
async function measureTokenVolume(
  baseUrl: string,
  db: BenchDatabase,
  c: Credentials,
  settings: BenchSettings,
) {
  const route = guardedRoutes(c).find((load) => load.path === '/api/user/me')!;
  const run = async (storedTokens: number) => {
    const [open, measurement] = await measureInRounds(
      [
        { baseUrl, load: OPEN_ROUTE },
        { baseUrl, load: route },
      ],
      settings,
    );
    return {
      storedTokens,
      measurement,
      openRoute: open,
      ratioToOpen: round(measurement.requestsPerSecond / open.requestsPerSecond),
    };
  };
  // Only the measured token, then filler up to the count: the logins measured earlier left tokens of their own.
  await db.query('DELETE FROM password_login_token WHERE token_hash <> $1', [
    createHash('sha256').update(c.loginToken).digest('hex'),
  ]);
  const fillTo = async (count: number) => {
    const [{ stored }] = await db.query<{ stored: string }>(
      'SELECT count(*) AS stored FROM password_login_token',
    );
    // Other users' tokens: random SHA-256 values, valid for a day, in the same table and indexes.
    await db.query(
      `INSERT INTO password_login_token (token_hash, user_id, expires_at)
       SELECT encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $1, now() + interval '1 day' FROM generate_series(1, $2)`,
      [String(c.userId), Math.max(0, count - Number(stored))],
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

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
