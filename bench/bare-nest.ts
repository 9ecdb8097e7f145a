import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, stopProcess, type DemoProcess } from '../test/support/demo-process';
import type { Credentials } from './credentials';
import { hostGuardedRoutes, type NamedLoad, OPEN_ROUTE } from './loads';
import { measureInRounds, type Measurement, ratioRange, round, type Target } from './measure';
import { PLATFORMS, type Platform } from './report';
import { pinLoadGeneratorAndServers } from './cpu-pinning';

const root = resolve(__dirname, '../../..');
const BARE_NEST_SOURCE = join(root, 'bench/hosts/bare-nest.js');
const README_HOST = join(root, 'dist/bench/bench/hosts/readme-host.js');
const HOST_OPEN: NamedLoad = { name: 'open', path: '/open' };

/** Issue #25's targets, as ratios to the bare Nest app of the same platform and major. */
export const BARE_NEST_TARGETS = {
  hostUnguarded: 0.95,
  cachedScheme: { express: 0.7, fastify: 0.6 } as Record<Platform, number>,
};

interface Host {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export interface RatioRow {
  name: string;
  path: string;
  requestsPerSecond: number;
  latencyP99Ms: number;
  /** To the bare Nest 11 app of the same platform (the packages are built and the demo runs on Nest 11). */
  ratio: number;
  ratioRange: [number, number];
  failures: number;
}

export interface BareNestPlatformResults {
  bareNest11: Measurement;
  /** Null when Nest 12 could not be installed (no registry): `nest12Error` says why. */
  bareNest12: Measurement | null;
  hostUnguarded: RatioRow;
  demoOpen: RatioRow;
  /** Every mechanism's guarded route of the README host, its credential cached. */
  cachedSchemes: RatioRow[];
  /** The same, with the host's OpenTelemetry SDK recording authkit's metrics. */
  cachedSchemesWithMetrics: RatioRow[];
  /** The README host on Nest 12 (the packed packages installed beside bare Nest 12), to bare Nest 12; null when not installed. */
  nest12Host: { hostUnguarded: RatioRow; cachedSchemes: RatioRow[] } | null;
}

export interface BareNestResults {
  nestVersions: { nest11: string; nest12: string | null };
  /** Where the apps and the load generator ran (see cpu-pinning.ts). */
  cpus: string;
  nest12Error?: string;
  platforms: Record<Platform, BareNestPlatformResults>;
  targets: Array<{
    platform: Platform;
    what: string;
    target: number;
    measured: number;
    range: [number, number];
    met: boolean;
    by: number;
  }>;
}

/** A process serving `entry` on a free port, once its `/open` answers. */
async function startHost(entry: string, env: NodeJS.ProcessEnv, cwd?: string): Promise<Host> {
  const port = await freePort();
  // BENCH_CPU_PROF_DIR: each app writes a V8 CPU profile there when it exits (node --cpu-prof).
  const profile = env.BENCH_CPU_PROF_DIR
    ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF_DIR]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, entry], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answered = await fetch(`${baseUrl}/open`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { baseUrl, pid: child.pid!, stop: () => stopProcess(child) };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`${entry} did not start (exit ${child.exitCode})`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * The README host beside bare Nest 12: the packages packed from this repository (built) and
 * installed with their peers as the README's install lines say, on Nest 12. False (and why,
 * logged) when it could not be installed.
 */
async function installReadmeHostOnNest12(
  dir: string,
  log: (message: string) => void,
): Promise<boolean> {
  try {
    const tarballs = join(dir, 'tarballs');
    await mkdir(tarballs);
    await promisify(execFile)(
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
    await promisify(execFile)(
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
    const argon2Loads = await promisify(execFile)(process.execPath, ['-e', "require('argon2')"], {
      cwd: dir,
    }).then(
      () => true,
      () => false,
    );
    if (!argon2Loads) {
      await rm(join(dir, 'node_modules/argon2/build'), { recursive: true, force: true });
      await promisify(execFile)('cp', [
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

/** A Nest 12 install in a temporary directory, with the bare app beside it; its directory and version. */
async function installNest12(
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
  await promisify(execFile)(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...packages],
    { cwd: dir, timeout: 300_000 },
  );
  await copyFile(BARE_NEST_SOURCE, join(dir, 'bare-nest.js'));
  const version = JSON.parse(
    await readFile(join(dir, 'node_modules/@nestjs/core/package.json'), 'utf8'),
  ).version as string;
  return { dir, version };
}

/**
 * The bench's baseline: per platform, a bare Nest app (Nest 11 and Nest 12,
 * separate processes with no authkit), a host mounting the five schemes as
 * the README says (its own route, no authkit guard), the demo's open route and
 * every scheme's cached guarded route, all in the same interleaved rounds.
 */
export async function measureAgainstBareNest(
  demos: Record<Platform, DemoProcess>,
  credentials: Credentials,
  env: NodeJS.ProcessEnv,
  settings: { rounds: number; connections: number; durationSeconds: number },
  log: (message: string) => void,
): Promise<BareNestResults> {
  const hosts: Host[] = [];
  const pinning = pinLoadGeneratorAndServers();
  let nest12: { dir: string; version: string } | undefined;
  let nest12Error: string | undefined;
  let readmeOnNest12 = false;
  try {
    nest12 = await installNest12(log);
    readmeOnNest12 = await installReadmeHostOnNest12(nest12.dir, log);
  } catch (error) {
    nest12Error = `Nest 12 could not be installed: ${(error as Error).message.split('\n')[0]}`;
    log(nest12Error);
  }
  try {
    const started = {} as Record<
      Platform,
      { bare11: Host; bare12?: Host; readme: Host; readmeMetered: Host; readme12?: Host }
    >;
    for (const platform of PLATFORMS) {
      const platformEnv = { ...env, HTTP_PLATFORM: platform };
      const bare11 = await startHost(BARE_NEST_SOURCE, platformEnv);
      const bare12 = nest12
        ? await startHost(join(nest12.dir, 'bare-nest.js'), platformEnv, nest12.dir)
        : undefined;
      const readme = await startHost(README_HOST, platformEnv);
      const readmeMetered = await startHost(README_HOST, {
        ...platformEnv,
        BENCH_HOST_METRICS: '1',
      });
      const readme12 =
        nest12 && readmeOnNest12
          ? await startHost(join(nest12.dir, 'readme-host.js'), platformEnv, nest12.dir)
          : undefined;
      hosts.push(
        bare11,
        readme,
        readmeMetered,
        ...[bare12, readme12].filter((h) => h !== undefined),
      );
      started[platform] = { bare11, bare12, readme, readmeMetered, readme12 };
    }
    for (const pid of [
      ...hosts.map((host) => host.pid),
      ...PLATFORMS.map((p) => demos[p].process.pid!),
    ])
      pinning.pinServer(pid);
    const schemes = hostGuardedRoutes(credentials);
    const targetsOf = (platform: Platform): Target[] => [
      { baseUrl: started[platform].bare11.baseUrl, load: HOST_OPEN },
      ...(started[platform].bare12
        ? [{ baseUrl: started[platform].bare12!.baseUrl, load: HOST_OPEN }]
        : []),
      { baseUrl: started[platform].readme.baseUrl, load: HOST_OPEN },
      { baseUrl: demos[platform].baseUrl, load: OPEN_ROUTE },
      ...schemes.map((load) => ({ baseUrl: started[platform].readme.baseUrl, load })),
      ...schemes.map((load) => ({ baseUrl: started[platform].readmeMetered.baseUrl, load })),
      ...(started[platform].readme12
        ? [HOST_OPEN, ...schemes].map((load) => ({
            baseUrl: started[platform].readme12!.baseUrl,
            load,
          }))
        : []),
    ];
    const targets = PLATFORMS.flatMap((platform) =>
      targetsOf(platform).map((target) => ({ ...target, platform })),
    );
    const measured = await measureInRounds(targets, {
      ...settings,
      onTarget: (target, round) =>
        log(
          `  bare-Nest baseline, round ${round + 1}/${settings.rounds}: ${(target as (typeof targets)[number]).platform} ${target.baseUrl}${target.load.path}`,
        ),
    });
    const platforms = {} as Record<Platform, BareNestPlatformResults>;
    for (const platform of PLATFORMS) {
      const own = measured.filter((_, index) => targets[index].platform === platform);
      const bare11 = own.shift()!;
      const bare12 = started[platform].bare12 ? own.shift()! : null;
      const [readme, demoOpen, ...schemeMeasurements] = own;
      const metered = schemeMeasurements.splice(schemes.length);
      const onNest12 = metered.splice(schemes.length);
      const row = (
        name: string,
        path: string,
        measurement: Measurement,
        baseline: Measurement = bare11,
      ): RatioRow => ({
        name,
        path,
        requestsPerSecond: measurement.requestsPerSecond,
        latencyP99Ms: measurement.latencyP99Ms,
        ratio: round(measurement.requestsPerSecond / baseline.requestsPerSecond),
        ratioRange: ratioRange(measurement, baseline),
        failures: measurement.failures,
      });
      platforms[platform] = {
        bareNest11: bare11,
        bareNest12: bare12,
        hostUnguarded: row("README host's own route (no authkit guard)", '/open', readme),
        demoOpen: row("demo's open route (everything the demo mounts)", OPEN_ROUTE.path, demoOpen),
        cachedSchemes: schemes.map((load, index) =>
          row(load.name, load.path, schemeMeasurements[index]),
        ),
        cachedSchemesWithMetrics: schemes.map((load, index) =>
          row(`${load.name}, metrics recorded`, load.path, metered[index]),
        ),
        nest12Host:
          bare12 && onNest12.length > 0
            ? {
                hostUnguarded: row(
                  "Nest 12: README host's own route (no authkit guard)",
                  '/open',
                  onNest12[0],
                  bare12,
                ),
                cachedSchemes: schemes.map((load, index) =>
                  row(`Nest 12: ${load.name}`, load.path, onNest12[index + 1], bare12),
                ),
              }
            : null,
      };
    }
    const nest11 = JSON.parse(
      await readFile(join(root, 'node_modules/@nestjs/core/package.json'), 'utf8'),
    ).version as string;
    return {
      nestVersions: { nest11, nest12: nest12?.version ?? null },
      cpus: pinning.description,
      ...(nest12Error ? { nest12Error } : {}),
      platforms,
      targets: evaluate(platforms),
    };
  } finally {
    pinning.release();
    await Promise.all(hosts.map((host) => host.stop()));
    if (nest12) await rm(nest12.dir, { recursive: true, force: true });
  }
}

function evaluate(
  platforms: Record<Platform, BareNestPlatformResults>,
): BareNestResults['targets'] {
  return PLATFORMS.flatMap((platform) => {
    const results = platforms[platform];
    const check = (what: string, target: number, row: RatioRow) => ({
      platform,
      what,
      target,
      measured: row.ratio,
      range: row.ratioRange,
      // A row that answered anything but 2xx measured refusals, not the route: it meets nothing.
      met: row.ratio >= target && row.failures === 0,
      by: round(row.ratio - target),
    });
    return [
      check(
        "host's unguarded route / bare Nest",
        BARE_NEST_TARGETS.hostUnguarded,
        results.hostUnguarded,
      ),
      ...[...results.cachedSchemes, ...results.cachedSchemesWithMetrics].map((row) =>
        check(`${row.name}, cached / bare Nest`, BARE_NEST_TARGETS.cachedScheme[platform], row),
      ),
      ...(results.nest12Host
        ? [
            check(
              "Nest 12: host's unguarded route / bare Nest 12",
              BARE_NEST_TARGETS.hostUnguarded,
              results.nest12Host.hostUnguarded,
            ),
            ...results.nest12Host.cachedSchemes.map((row) =>
              check(
                `${row.name}, cached / bare Nest 12`,
                BARE_NEST_TARGETS.cachedScheme[platform],
                row,
              ),
            ),
          ]
        : []),
    ];
  });
}

/** The results as Markdown: the bare-Nest ratios first, as the README states them. */
export function renderBareNestMarkdown(results: BareNestResults): string {
  const lines = [
    '## Against a bare Nest app (the baseline)',
    '',
    `A bare Nest ${results.nestVersions.nest11} app (one controller, nothing else) per platform, in its own process, measured in the same interleaved rounds as a host mounting the five schemes as the README says (its own unguarded route, and a guarded route per mechanism with its credential cached), the same host with an OpenTelemetry SDK recording authkit's metrics, and the demo's open route. Ratios are to bare Nest ${results.nestVersions.nest11} on the same platform; the range is round by round.`,
    results.nestVersions.nest12
      ? `Bare Nest ${results.nestVersions.nest12} is measured beside it, and the README host once more on Nest 12 (its rows are to bare Nest 12).`
      : `Bare Nest 12: not measured (${results.nest12Error}).`,
    `CPUs: ${results.cpus}.`,
    '',
  ];
  for (const platform of PLATFORMS) {
    const p = results.platforms[platform];
    lines.push(
      `### ${platform}`,
      '',
      '| route | req/s | p99 ms | ratio to bare Nest 11 | range | non-2xx |',
      '| --- | ---: | ---: | ---: | --- | ---: |',
    );
    lines.push(
      `| bare Nest ${results.nestVersions.nest11} \`/open\` | ${p.bareNest11.requestsPerSecond} | ${p.bareNest11.latencyP99Ms} | 1.00 | | ${p.bareNest11.failures} |`,
    );
    if (p.bareNest12)
      lines.push(
        `| bare Nest ${results.nestVersions.nest12} \`/open\` | ${p.bareNest12.requestsPerSecond} | ${p.bareNest12.latencyP99Ms} | ${round(p.bareNest12.requestsPerSecond / p.bareNest11.requestsPerSecond).toFixed(2)} | | ${p.bareNest12.failures} |`,
      );
    for (const row of [
      p.hostUnguarded,
      p.demoOpen,
      ...p.cachedSchemes,
      ...p.cachedSchemesWithMetrics,
    ]) {
      lines.push(
        `| ${row.name} \`${row.path}\` | ${row.requestsPerSecond} | ${row.latencyP99Ms} | ${row.ratio.toFixed(2)} | ${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)} | ${row.failures} |`,
      );
    }
    if (p.nest12Host) {
      lines.push(
        '',
        `The same README host on Nest ${results.nestVersions.nest12} (the packed packages installed beside bare Nest 12), to bare Nest ${results.nestVersions.nest12}:`,
        '',
        '| route | req/s | p99 ms | ratio to bare Nest 12 | range | non-2xx |',
        '| --- | ---: | ---: | ---: | --- | ---: |',
      );
      for (const row of [p.nest12Host.hostUnguarded, ...p.nest12Host.cachedSchemes])
        lines.push(
          `| ${row.name} \`${row.path}\` | ${row.requestsPerSecond} | ${row.latencyP99Ms} | ${row.ratio.toFixed(2)} | ${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)} | ${row.failures} |`,
        );
    }
    lines.push('');
  }
  lines.push(
    '| platform | target | wanted | measured | range | |',
    '| --- | --- | ---: | ---: | --- | --- |',
  );
  for (const t of results.targets) {
    lines.push(
      `| ${t.platform} | ${t.what} | ≥ ${t.target.toFixed(2)} | ${t.measured.toFixed(2)} | ${t.range[0].toFixed(2)}–${t.range[1].toFixed(2)} | ${t.met ? 'met' : `missed by ${Math.abs(t.by).toFixed(2)}`} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
