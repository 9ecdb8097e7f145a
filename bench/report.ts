import { availableParallelism, cpus, totalmem } from 'node:os';
import type { BenchSettings } from './bench-settings';
import type { Measurement } from './measure';

export interface RouteResult {
  name: string;
  path: string;
  cached: Measurement;
  /** Requests per second as a fraction of the open route's, same run, cache on. */
  ratio: number;
  uncached: Measurement;
  uncachedRatio: number;
}

interface TokenVolumeRun {
  storedTokens: number;
  measurement: Measurement;
  /** The open route, measured in the same rounds. */
  openRoute: Measurement;
  ratioToOpen: number;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; postgres: string };
  settings: BenchSettings;
  routes: { baseline: { cached: Measurement; uncached: Measurement }; noop: RouteResult; guarded: RouteResult[] };
  logins: Array<{ name: string; path: string; measurement: Measurement }>;
  latencyUnderLoginLoad: {
    route: string;
    requestRate: number;
    loginClients: number;
    idle: Measurement;
    loaded: Measurement;
    logins: Measurement;
    p99Ratio: number;
  };
  tokenVolume: {
    route: string;
    small: TokenVolumeRun;
    large: TokenVolumeRun;
    /** The large run's fraction of the open route over the small run's. */
    ratio: number;
  };
}

export function machineDescription(): Omit<BenchResults['machine'], 'postgres'> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${value} ms`;
const ratio = (value: number) => value.toFixed(2);

function routeRow(route: RouteResult): string {
  const { cached: on, uncached: off } = route;
  const failures = on.failures + off.failures > 0 ? ` ⚠ ${on.failures + off.failures} failed` : '';
  return `| ${route.name}${failures} | \`${route.path}\` | ${int(on.requestsPerSecond)} | ${ms(on.latencyP50Ms)} | ${ms(on.latencyP99Ms)} | **${ratio(route.ratio)}** | ${int(off.requestsPerSecond)} | ${ratio(route.uncachedRatio)} |`;
}

export function renderMarkdown(r: BenchResults): string {
  const { baseline } = r.routes;
  const lines = [
    '# Benchmark results',
    '',
    `${r.date} · ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · PostgreSQL ${r.machine.postgres}`,
    `autocannon, ${r.settings.connections} connections; the demo (one Node process), PostgreSQL and autocannon share the machine. Routes are compared in ${r.settings.rounds} interleaved round(s) of ${r.settings.durationSeconds} s per route after a warm-up; req/s is the mean over the rounds, p50 and p99 the median.`,
    '',
    '## Guarded routes against the open route',
    '',
    "Ratio = the route's requests per second over the open route's, measured in the same rounds. The no-work passport strategy is passport's own cost: the ceiling for any scheme built on it. \"No cache\": a second demo instance with `CREDENTIAL_CACHE_MAX_ENTRIES=0`, so every request reaches PostgreSQL.",
    '',
    '| Route | Path | req/s | p50 | p99 | ratio | req/s, no cache | ratio, no cache |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    `| open route (baseline) | \`/bench/open\` | ${int(baseline.cached.requestsPerSecond)} | ${ms(baseline.cached.latencyP50Ms)} | ${ms(baseline.cached.latencyP99Ms)} | 1.00 | ${int(baseline.uncached.requestsPerSecond)} | 1.00 |`,
    routeRow(r.routes.noop),
    ...r.routes.guarded.map(routeRow),
    '',
    '## Logins',
    '',
    `${r.settings.loginConnections} concurrent clients each.`,
    '',
    '| Login | Path | req/s | p50 | p99 |',
    '|---|---|---:|---:|---:|',
    ...r.logins.map(({ name, path, measurement: m }) => `| ${name}${m.failures ? ` ⚠ ${m.failures} failed` : ''} | \`${path}\` | ${int(m.requestsPerSecond)} | ${ms(m.latencyP50Ms)} | ${ms(m.latencyP99Ms)} |`),
    '',
    '## Latency of a guarded route while logins run',
    '',
    `\`${r.latencyUnderLoginLoad.route}\` at a fixed ${r.latencyUnderLoginLoad.requestRate} req/s, idle and while ${r.latencyUnderLoginLoad.loginClients} clients hammer \`POST /api/user/login\` (${int(r.latencyUnderLoginLoad.logins.requestsPerSecond)} logins/s meanwhile).`,
    '',
    '| | p50 | p99 |',
    '|---|---:|---:|',
    `| idle | ${ms(r.latencyUnderLoginLoad.idle.latencyP50Ms)} | ${ms(r.latencyUnderLoginLoad.idle.latencyP99Ms)} |`,
    `| under login load | ${ms(r.latencyUnderLoginLoad.loaded.latencyP50Ms)} | ${ms(r.latencyUnderLoginLoad.loaded.latencyP99Ms)} |`,
    `| ratio | | **${ratio(r.latencyUnderLoginLoad.p99Ratio)}** |`,
    '',
    '## Validation as tokens accumulate',
    '',
    `\`${r.tokenVolume.route}\` with the cache off, so every request looks the token up in PostgreSQL; each measured in rounds beside the open route, and compared as a fraction of it.`,
    '',
    '| Stored login tokens | req/s | p50 | p99 | open route req/s | fraction of open |',
    '|---:|---:|---:|---:|---:|---:|',
    ...[r.tokenVolume.small, r.tokenVolume.large].map(
      ({ storedTokens, measurement: m, openRoute, ratioToOpen }) =>
        `| ${int(storedTokens)} | ${int(m.requestsPerSecond)} | ${ms(m.latencyP50Ms)} | ${ms(m.latencyP99Ms)} | ${int(openRoute.requestsPerSecond)} | ${ratio(ratioToOpen)} |`,
    ),
    `| ${int(r.tokenVolume.large.storedTokens)} against ${int(r.tokenVolume.small.storedTokens)} | | | | | **${ratio(r.tokenVolume.ratio)}** |`,
    '',
  ];
  return lines.join('\n');
}
