import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcess, type DemoProcess } from '../test/support/demo-process';
import type { Credentials } from './credentials';
import { hostGuardedRoutes, type NamedLoad, OPEN_ROUTE } from './loads';
import { measureInRounds, type Measurement, ratioRange, round, type Target } from './measure';
import { PLATFORMS, type Platform } from './report';
import { pinLoadGeneratorAndServers } from './cpu-pinning';
import {
  BARE_NEST_SOURCE,
  installNest12,
  installNode24,
  installReadmeHostOnNest12,
  machineNode,
  type NodeRuntime,
  README_HOST,
  repositoryNestVersion,
} from './runtimes';

const HOST_OPEN: NamedLoad = { name: 'open', path: '/open' };

/** Issue #25's targets, as ratios to the bare Nest app of the same platform, Node and Nest. */
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
  /** To the bare Nest app of the same platform, Node and Nest. */
  ratio: number;
  ratioRange: [number, number];
  failures: number;
  /** The server's CPU time per request (µs, median of the rounds), where `/proc` tells it. */
  cpuMicrosPerRequest?: number;
  /**
   * The bare app's CPU time per request over this one's: what one core would serve of the
   * bare app's req/s, unaffected by time the core spent on other processes. Information only:
   * the targets are on req/s.
   */
  cpuRatio?: number;
}

/**
 * One Node and one Nest: a bare app, and the README host (the packages installed as the README
 * says) beside it; every ratio of a stack is to its own bare app.
 */
interface Stack {
  /** "Node 20.20.2, Nest 11.2.10". */
  label: string;
  node: NodeRuntime;
  bare: { entry: string; cwd?: string };
  /** Undefined when the README host could not be installed on this Nest. */
  readme?: { entry: string; cwd?: string };
  /** The README host also runs with an OpenTelemetry SDK recording authkit's metrics. */
  metered: boolean;
}

export interface StackResults {
  label: string;
  bare: Measurement;
  /**
   * A second process of the same bare app, paired with the first like every other row: it
   * would read 1.00 on a quiet machine, so how far it strays is the run's own resolution on
   * this stack. Information, no target.
   */
  bareAgain: RatioRow;
  /**
   * The same bare app running each request inside one `AsyncLocalStorage.run`, as authkit's
   * request scope does: the floor of any request context built on AsyncLocalStorage on this
   * Node. Information, no target.
   */
  asyncContextFloor: RatioRow;
  /**
   * The same bare app with @nestjs/passport's AuthGuard over a passport-custom strategy that
   * does no work: what passport and Nest's guard pipeline cost, the ceiling of any passport-based
   * scheme on this stack. Information, no target. Undefined where passport is not installed
   * beside the bare app (Nest 12 without the README host).
   */
  passportNoopGuard?: RatioRow;
  /** Null when the README host could not be installed on this stack. */
  host: {
    unguarded: RatioRow;
    cachedSchemes: RatioRow[];
    /** The same host with an OpenTelemetry SDK recording authkit's metrics (metered stacks only). */
    cachedSchemesWithMetrics?: RatioRow[];
  } | null;
}

export interface BareNestPlatformResults {
  /** The machine's Node on the repository's Nest 11 first (the demo's stack), then the others. */
  stacks: StackResults[];
  /** To the first stack's bare app. */
  demoOpen: RatioRow;
}

export interface BareNestResults {
  stacks: string[];
  /** Where the apps and the load generator ran (see cpu-pinning.ts). */
  cpus: string;
  /** What could not be installed, and why. */
  notes: string[];
  platforms: Record<Platform, BareNestPlatformResults>;
  targets: Array<{
    platform: Platform;
    stack: string;
    what: string;
    target: number;
    measured: number;
    range: [number, number];
    met: boolean;
    by: number;
  }>;
}

/** A process serving `entry` on a free port, once its `/open` answers. */
async function startHost(
  node: NodeRuntime,
  app: { entry: string; cwd?: string },
  env: NodeJS.ProcessEnv,
): Promise<Host> {
  const port = await freePort();
  // BENCH_CPU_PROF_DIR: each app writes a V8 CPU profile there when it exits (node --cpu-prof).
  const profile = env.BENCH_CPU_PROF_DIR
    ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF_DIR]
    : [];
  const child: ChildProcess = spawn(node.execPath, [...profile, app.entry], {
    cwd: app.cwd,
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
      throw new Error(`${app.entry} on ${node.label} did not start (exit ${child.exitCode})`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * The stacks to compare: the machine's Node and Node 24 (from the registry), each on the
 * repository's Nest 11 and on Nest 12 (installed beside a bare Nest 12), as far as they install.
 */
async function prepareStacks(
  workDir: string,
  log: (message: string) => void,
): Promise<{ stacks: Stack[]; notes: string[]; cleanup: () => Promise<void> }> {
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    log(message);
  };
  const nodes = [machineNode()];
  const node24 = await installNode24(workDir, note);
  if (node24 && node24.label !== nodes[0].label) nodes.push(node24);
  const nest11 = await repositoryNestVersion();
  let nest12: { dir: string; version: string; readme: boolean } | undefined;
  try {
    const installed = await installNest12(log);
    nest12 = { ...installed, readme: await installReadmeHostOnNest12(installed.dir, note) };
  } catch (error) {
    note(`Nest 12 could not be installed: ${(error as Error).message.split('\n')[0]}`);
  }
  const stacks: Stack[] = nodes.flatMap((node) => [
    {
      label: `${node.label}, Nest ${nest11}`,
      node,
      bare: { entry: BARE_NEST_SOURCE },
      readme: { entry: README_HOST },
      metered: false,
    },
    ...(nest12
      ? [
          {
            label: `${node.label}, Nest ${nest12.version}`,
            node,
            bare: { entry: join(nest12.dir, 'bare-nest.js'), cwd: nest12.dir },
            readme: nest12.readme
              ? { entry: join(nest12.dir, 'readme-host.js'), cwd: nest12.dir }
              : undefined,
            metered: false,
          },
        ]
      : []),
  ]);
  // Metrics are measured on the demo's stack and on the newest one (what `nest new` gives on the current LTS).
  stacks[0].metered = true;
  const newest = stacks[stacks.length - 1];
  if (newest.readme) newest.metered = true;
  return {
    stacks,
    notes,
    cleanup: async () => {
      if (nest12) await rm(nest12.dir, { recursive: true, force: true });
    },
  };
}

/**
 * The bench's baseline: per platform and stack (Node and Nest), a bare Nest app (a separate
 * process with no authkit) and a host mounting the five schemes as the README says (its own
 * route with no authkit guard, and every scheme's cached guarded route); on the demo's stack
 * also the same host with a metrics SDK and the demo's open route. All in the same
 * interleaved rounds.
 */
export async function measureAgainstBareNest(
  demos: Record<Platform, DemoProcess>,
  credentials: Credentials,
  env: NodeJS.ProcessEnv,
  settings: { rounds: number; connections: number; durationSeconds: number },
  log: (message: string) => void,
): Promise<BareNestResults> {
  const hosts: Host[] = [];
  const workDir = await mkdtemp(join(tmpdir(), 'authkit-bench-runtimes-'));
  const pinning = pinLoadGeneratorAndServers();
  const { stacks, notes, cleanup } = await prepareStacks(workDir, log);
  try {
    const schemes = hostGuardedRoutes(credentials);
    const targets: Array<Target & { platform: Platform; row: string }> = [];
    for (const platform of PLATFORMS) {
      const platformEnv = { ...env, HTTP_PLATFORM: platform };
      const started = async (stack: Stack, app: { entry: string; cwd?: string }, extra = {}) => {
        const host = await startHost(stack.node, app, { ...platformEnv, ...extra });
        hosts.push(host);
        pinning.pinServer(host.pid);
        return { baseUrl: host.baseUrl, pid: host.pid };
      };
      for (const [index, stack] of stacks.entries()) {
        // Every other row of the stack is compared with its bare app, measured again right before it.
        const baseline = targets.length;
        const bare = await started(stack, stack.bare);
        targets.push({ platform, row: `${stack.label}|bare`, ...bare, load: HOST_OPEN });
        const bareAgain = await started(stack, stack.bare);
        targets.push({
          platform,
          row: `${stack.label}|bare-again`,
          ...bareAgain,
          load: HOST_OPEN,
          baseline,
        });
        const floor = await started(stack, stack.bare, { BARE_NEST_ASYNC_CONTEXT: '1' });
        targets.push({
          platform,
          row: `${stack.label}|floor`,
          ...floor,
          load: HOST_OPEN,
          baseline,
        });
        if (!stack.readme) continue;
        // passport is installed beside the bare app wherever the README host is.
        const noop = await started(stack, stack.bare, { BARE_NEST_PASSPORT_NOOP: '1' });
        targets.push({
          platform,
          row: `${stack.label}|passport-noop`,
          ...noop,
          load: HOST_OPEN,
          baseline,
        });
        const readme = await started(stack, stack.readme);
        for (const load of [HOST_OPEN, ...schemes])
          targets.push({
            platform,
            row: `${stack.label}|host|${load.name}`,
            ...readme,
            load,
            baseline,
          });
        if (stack.metered) {
          const metered = await started(stack, stack.readme, { BENCH_HOST_METRICS: '1' });
          for (const load of schemes)
            targets.push({
              platform,
              row: `${stack.label}|metered|${load.name}`,
              ...metered,
              load,
              baseline,
            });
        }
        if (index > 0) continue;
        const demo = demos[platform];
        targets.push({
          platform,
          row: 'demo',
          baseUrl: demo.baseUrl,
          pid: demo.process.pid,
          load: OPEN_ROUTE,
          baseline,
        });
      }
      pinning.pinServer(demos[platform].process.pid!);
    }
    const measured = await measureInRounds(targets, {
      ...settings,
      onTarget: (target, round) => {
        const t = target as (typeof targets)[number];
        log(`  bare-Nest baseline, round ${round + 1}/${settings.rounds}: ${t.platform} ${t.row}`);
      },
    });
    const at = (platform: Platform, row: string) =>
      measured[targets.findIndex((t) => t.platform === platform && t.row === row)];
    const platforms = {} as Record<Platform, BareNestPlatformResults>;
    for (const platform of PLATFORMS) {
      const results = stacks.map((stack): StackResults => {
        const bare = at(platform, `${stack.label}|bare`);
        const row = (name: string, load: NamedLoad, host = 'host') =>
          ratioRow(name, load.path, at(platform, `${stack.label}|${host}|${load.name}`), bare);
        return {
          label: stack.label,
          bare,
          bareAgain: ratioRow(
            'bare Nest again, a second process of the same app (no authkit)',
            HOST_OPEN.path,
            at(platform, `${stack.label}|bare-again`),
            bare,
          ),
          asyncContextFloor: ratioRow(
            'bare Nest, each request in one AsyncLocalStorage.run (no authkit)',
            HOST_OPEN.path,
            at(platform, `${stack.label}|floor`),
            bare,
          ),
          ...(stack.readme
            ? {
                passportNoopGuard: ratioRow(
                  'bare Nest, its route behind a passport-custom AuthGuard doing no work (no authkit)',
                  HOST_OPEN.path,
                  at(platform, `${stack.label}|passport-noop`),
                  bare,
                ),
              }
            : {}),
          host: stack.readme
            ? {
                unguarded: row("README host's own route (no authkit guard)", HOST_OPEN),
                cachedSchemes: schemes.map((load) => row(load.name, load)),
                ...(stack.metered
                  ? {
                      cachedSchemesWithMetrics: schemes.map((load) =>
                        row(`${load.name}, metrics recorded`, load, 'metered'),
                      ),
                    }
                  : {}),
              }
            : null,
        };
      });
      const bare = results[0].bare;
      platforms[platform] = {
        stacks: results,
        demoOpen: ratioRow(
          "demo's open route (everything the demo mounts)",
          OPEN_ROUTE.path,
          at(platform, 'demo'),
          bare,
        ),
      };
    }
    return {
      stacks: stacks.map((stack) => stack.label),
      cpus: pinning.description,
      notes,
      platforms,
      targets: evaluate(platforms),
    };
  } finally {
    pinning.release();
    await Promise.all(hosts.map((host) => host.stop()));
    await cleanup();
    await rm(workDir, { recursive: true, force: true });
  }
}

function ratioRow(
  name: string,
  path: string,
  measurement: Measurement,
  baseline: Measurement,
): RatioRow {
  return {
    name,
    path,
    requestsPerSecond: measurement.requestsPerSecond,
    latencyP99Ms: measurement.latencyP99Ms,
    ...ratios(measurement, baseline),
    failures: measurement.failures,
    ...(measurement.cpuMicrosPerRequest && baseline.cpuMicrosPerRequest
      ? {
          cpuMicrosPerRequest: measurement.cpuMicrosPerRequest,
          cpuRatio: round(
            mean(measurement.pairedCpuRatios) ??
              baseline.cpuMicrosPerRequest / measurement.cpuMicrosPerRequest,
          ),
        }
      : {}),
  };
}

/** The mean of the pairs' ratios where the row was measured in pairs with its baseline; else the means' ratio. */
function ratios(
  measurement: Measurement,
  baseline: Measurement,
): Pick<RatioRow, 'ratio' | 'ratioRange'> {
  const paired = measurement.pairedRatios;
  if (!paired?.length)
    return {
      ratio: round(measurement.requestsPerSecond / baseline.requestsPerSecond),
      ratioRange: ratioRange(measurement, baseline),
    };
  return {
    ratio: round(mean(paired)!),
    ratioRange: [round(Math.min(...paired)), round(Math.max(...paired))],
  };
}

function mean(values: number[] | undefined): number | undefined {
  return values?.length ? values.reduce((sum, value) => sum + value, 0) / values.length : undefined;
}

function evaluate(
  platforms: Record<Platform, BareNestPlatformResults>,
): BareNestResults['targets'] {
  return PLATFORMS.flatMap((platform) => {
    const results = platforms[platform];
    const check = (stack: string, what: string, target: number, row: RatioRow) => ({
      platform,
      stack,
      what,
      target,
      measured: row.ratio,
      range: row.ratioRange,
      // A row that answered anything but 2xx measured refusals, not the route: it meets nothing.
      met: row.ratio >= target && row.failures === 0,
      by: round(row.ratio - target),
    });
    const cached = BARE_NEST_TARGETS.cachedScheme[platform];
    return [
      ...results.stacks.flatMap((stack) =>
        stack.host
          ? [
              check(
                stack.label,
                "host's unguarded route",
                BARE_NEST_TARGETS.hostUnguarded,
                stack.host.unguarded,
              ),
              ...[...stack.host.cachedSchemes, ...(stack.host.cachedSchemesWithMetrics ?? [])].map(
                (row) => check(stack.label, `${row.name}, cached`, cached, row),
              ),
            ]
          : [],
      ),
    ];
  });
}

const rowLine = (row: RatioRow) =>
  `| ${row.name} \`${row.path}\` | ${row.requestsPerSecond} | ${row.latencyP99Ms} | ${row.ratio.toFixed(2)} | ${row.ratioRange[0].toFixed(2)}–${row.ratioRange[1].toFixed(2)} | ${row.cpuMicrosPerRequest ?? ''} | ${row.cpuRatio?.toFixed(2) ?? ''} | ${row.failures} |`;

/**
 * What recording the metrics costs, beside the targets: each cached route's ratio with metrics
 * over its ratio without (both paired with the same bare app), the mean of the schemes.
 */
function metricsCost(stack: StackResults): string | undefined {
  const withMetrics = stack.host?.cachedSchemesWithMetrics;
  if (!stack.host || !withMetrics) return undefined;
  const without = stack.host.cachedSchemes;
  const relative = (pick: (row: RatioRow) => number | undefined) => {
    const values = withMetrics.map((row, i) => {
      const [a, b] = [pick(row), pick(without[i])];
      return a && b ? a / b : undefined;
    });
    return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
  };
  const byRequests = relative((row) => row.ratio)!;
  const byCpu = relative((row) => row.cpuRatio);
  return `Metrics recorded: the metered host's cached routes serve ${mean(byRequests)!.toFixed(2)} of the unmetered host's req/s (mean of the ${byRequests.length} routes, ${Math.min(...byRequests).toFixed(2)}–${Math.max(...byRequests).toFixed(2)})${byCpu ? `, ${mean(byCpu)!.toFixed(2)} by CPU time` : ''}.`;
}

/**
 * How many of the targets each stack met, per platform (the summary the README states), beside
 * what the bare app measured against a second process of itself: the run's resolution there.
 */
export function targetsMetByStack(results: BareNestResults): string[] {
  return PLATFORMS.flatMap((platform) =>
    results.stacks.map((stack) => {
      const own = results.targets.filter((t) => t.platform === platform && t.stack === stack);
      const ratios = own.map((t) => t.measured);
      const again = results.platforms[platform].stacks.find((s) => s.label === stack)?.bareAgain;
      return `| ${platform} | ${stack} | ${own.filter((t) => t.met).length} of ${own.length} | ${ratios.length ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : ''} | ${again ? `${again.ratio.toFixed(2)} (${again.ratioRange[0].toFixed(2)}–${again.ratioRange[1].toFixed(2)})` : ''} |`;
    }),
  );
}

/** The results as Markdown: the bare-Nest ratios first, as the README states them. */
export function renderBareNestMarkdown(results: BareNestResults): string {
  const metered = results.platforms[PLATFORMS[0]].stacks
    .filter((stack) => stack.host?.cachedSchemesWithMetrics)
    .map((stack) => stack.label);
  const lines = [
    '## Against a bare Nest app (the baseline)',
    '',
    'Per platform and per stack (a Node and a Nest), a bare Nest app (one controller, nothing else) in its own process, and a host mounting the five schemes as the README says (its own unguarded route, and a guarded route per mechanism with its credential cached), all measured in the same interleaved rounds. Each ratio is to the bare app of the same platform and stack, measured again right before the row in every round (the row warmed for a second between them): the ratio is the mean of those pairs, the range is pair by pair.',
    `On ${metered.join(' and on ')} also the same host with an OpenTelemetry SDK recording authkit's metrics; on the first (the demo's stack) also the demo's open route. Nest 12 runs the packages packed from this repository, installed beside it as the README says; Node 24 is the registry's binary package.`,
    `CPUs: ${results.cpus}.`,
    "The second row of each stack is information, with no target: a second process of the same bare app, paired with the first like every other row. On a quiet machine it would read 1.00; how far it strays (its ratio and its range) is what this run can resolve on that stack, and a target missed or met by less than that is within the run's noise.",
    "The third row is information too: the bare app again, each request run inside one `AsyncLocalStorage.run` (what authkit's request scope does, nothing else). It is the most any request context built on AsyncLocalStorage can serve on that Node; on Node 20 every promise then pays an async_hooks callback, on Node 24 (AsyncContextFrame) it does not.",
    "The fourth row is information too: the bare app with its route behind @nestjs/passport's `AuthGuard` over a passport-custom strategy that accepts every request and does no work. It is what passport and Nest's guard pipeline cost before a scheme does anything: the most any passport-based guard can serve on that stack (it has no request context, so on Node 20 it does not pay the third row's cost).",
    "CPU µs per request: the server process's CPU time (user and system, every thread, from /proc) over the requests it answered, median of the rounds; \"ratio by CPU time\" is the bare app's over the row's (pair by pair, mean of the pairs), what one core would serve if nothing else ran on it. Information beside the req/s ratios, on which the targets are evaluated.",
    ...results.notes.map((note) => `Not measured: ${note}.`),
    '',
    '| platform | stack | targets met | ratios | a second bare process (range) |',
    '| --- | --- | ---: | --- | --- |',
    ...targetsMetByStack(results),
    '',
  ];
  for (const platform of PLATFORMS) {
    const p = results.platforms[platform];
    for (const [index, stack] of p.stacks.entries()) {
      lines.push(
        `### ${platform}, ${stack.label}`,
        '',
        '| route | req/s | p99 ms | ratio to bare Nest | range | CPU µs per request | ratio by CPU time | non-2xx |',
        '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
        `| bare Nest \`/open\` | ${stack.bare.requestsPerSecond} | ${stack.bare.latencyP99Ms} | 1.00 | | ${stack.bare.cpuMicrosPerRequest ?? ''} | 1.00 | ${stack.bare.failures} |`,
        rowLine(stack.bareAgain),
        rowLine(stack.asyncContextFloor),
        ...(stack.passportNoopGuard ? [rowLine(stack.passportNoopGuard)] : []),
      );
      if (stack.host)
        lines.push(
          ...[
            stack.host.unguarded,
            ...stack.host.cachedSchemes,
            ...(stack.host.cachedSchemesWithMetrics ?? []),
          ].map(rowLine),
        );
      else lines.push('| README host | not installed | | | | | | |');
      if (index === 0) lines.push(rowLine(p.demoOpen));
      lines.push('');
      const cost = metricsCost(stack);
      if (cost) lines.push(cost, '');
    }
  }
  lines.push(
    '| platform | stack | target | wanted | measured | range | |',
    '| --- | --- | --- | ---: | ---: | --- | --- |',
  );
  for (const t of results.targets) {
    lines.push(
      `| ${t.platform} | ${t.stack} | ${t.what} | ≥ ${t.target.toFixed(2)} | ${t.measured.toFixed(2)} | ${t.range[0].toFixed(2)}–${t.range[1].toFixed(2)} | ${t.met ? 'met' : `missed by ${Math.abs(t.by).toFixed(2)}`} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
