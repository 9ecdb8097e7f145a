import { availableParallelism, cpus, totalmem } from 'node:os';
import type { BenchSettings } from './bench-settings';
import { type Measurement, ratioRange } from './measure';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

/** One route on one platform: its measurement with the cache on, and its ratios, all from the same rounds. */
export interface RouteRow extends Measurement {
  name: string;
  path: string;
  /** Requests per second over the open route's, same platform, same rounds. */
  ratio: number;
  /** Over the no-work passport route's. */
  ratioToNoop: number;
  /** The same ratio taken round by round: the lowest and the highest (how much the machine's noise moves it). */
  ratioToNoopRange: [number, number];
  /** Over each peer's (what a user would write instead). */
  ratioToPeers: Record<string, number>;
  /** A second instance with `CREDENTIAL_CACHE_MAX_ENTRIES=0`; `ratio` over that instance's open route. */
  uncached: Measurement & {
    ratio: number;
    ratioRange: [number, number];
    ratioToFindOnePeer: number;
    ratioToFindOnePeerRange: [number, number];
  };
}

/** A scheme's guard on the no-work route's handler: authentication's own cost. */
export interface GuardRow extends Measurement {
  name: string;
  path: string;
  ratio: number;
  ratioToNoop: number;
  ratioToNoopRange: [number, number];
}

/** A guarded route's p99 during a login storm, at most this many times its idle p99. */
export const LOGIN_STORM_P99_RATIO_TARGET = 1.5;

export interface LatencyUnderLoginLoad {
  route: string;
  requestRate: number;
  loginClients: number;
  idle: Measurement;
  loaded: Measurement;
  logins: Measurement;
  /** The median loaded p99 over the median idle p99. */
  p99Ratio: number;
  /** The same, round by round: the lowest and the highest. */
  p99RatioRange: [number, number];
}

export interface PlatformResults {
  open: RouteRow;
  noop: RouteRow;
  peers: RouteRow[];
  schemes: RouteRow[];
  /** The same credentials on `/bench/guard/*`: each scheme's guard, the no-work route's handler. */
  guardsAlone: GuardRow[];
  latencyUnderLoginLoad: LatencyUnderLoginLoad;
}

export interface Target {
  target: string;
  platform: Platform | 'fastify/express';
  subject: string;
  measured: number;
  threshold: number;
  met: boolean;
  /** How far from the threshold, as a fraction of it (0 when met). */
  missedBy: number;
  /** The measured ratio round by round, lowest and highest, where it is a ratio of two routes. */
  perRound?: [number, number];
}

interface TokenVolumeRun {
  storedTokens: number;
  measurement: Measurement;
  openRoute: Measurement;
  ratioToOpen: number;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; postgres: string };
  settings: BenchSettings;
  platforms: Record<Platform, PlatformResults>;
  /** On Express. */
  logins: Array<{ name: string; path: string; measurement: Measurement }>;
  /** On Express. */
  tokenVolume: { route: string; small: TokenVolumeRun; large: TokenVolumeRun; ratio: number };
  targets: Target[];
}

export function machineDescription(): Omit<BenchResults['machine'], 'postgres'> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

function target(spec: Omit<Target, 'met' | 'missedBy'>, atMost = false): Target {
  const met = atMost ? spec.measured <= spec.threshold : spec.measured >= spec.threshold;
  const missedBy = met ? 0 : round(Math.abs(spec.measured - spec.threshold) / spec.threshold);
  return { ...spec, measured: round(spec.measured), met, missedBy };
}

/** The issue's targets, each as measured in this run. */
export function evaluateTargets(platforms: Record<Platform, PlatformResults>): Target[] {
  const targets: Target[] = [];
  for (const platform of PLATFORMS) {
    const p = platforms[platform];
    for (const scheme of p.schemes) {
      targets.push(
        target({
          target: 'cached route within 5% of the no-work passport route',
          platform,
          subject: scheme.name,
          measured: scheme.ratioToNoop,
          threshold: 0.95,
          perRound: scheme.ratioToNoopRange,
        }),
      );
    }
    for (const scheme of p.schemes) {
      targets.push(
        target({
          target: 'uncached route at least 0.6 of the open route',
          platform,
          subject: scheme.name,
          measured: scheme.uncached.ratio,
          threshold: 0.6,
          perRound: scheme.uncached.ratioRange,
        }),
      );
    }
    for (const scheme of p.schemes) {
      targets.push(
        target({
          target:
            'uncached route at least 2× the naive peer (passport-custom + one findOne), also uncached',
          platform,
          subject: scheme.name,
          measured: scheme.uncached.ratioToFindOnePeer,
          threshold: 2,
          perRound: scheme.uncached.ratioToFindOnePeerRange,
        }),
      );
    }
    const limited = p.schemes.find((scheme) => scheme.name.includes('own rate limit'));
    const unlimited = p.schemes.find((scheme) => scheme.name.startsWith('scheme 1: site token ('));
    if (limited && unlimited)
      targets.push(
        target({
          target:
            "a site's own rate limit, below half of it, within 5% of the same route without one",
          platform,
          subject: limited.name,
          measured: limited.requestsPerSecond / unlimited.requestsPerSecond,
          threshold: 0.95,
          perRound: ratioRange(limited, unlimited),
        }),
      );
    const storm = p.latencyUnderLoginLoad;
    targets.push(
      target(
        {
          target: `p99 under a login storm at most ${LOGIN_STORM_P99_RATIO_TARGET}× idle`,
          platform,
          subject: storm.route,
          measured: storm.p99Ratio,
          threshold: LOGIN_STORM_P99_RATIO_TARGET,
          perRound: storm.p99RatioRange,
        },
        true,
      ),
    );
  }
  platforms.fastify.schemes.forEach((scheme, index) => {
    const express = platforms.express.schemes[index];
    targets.push(
      target({
        target: "Fastify's guarded route at least 1.5× Express's req/s",
        platform: 'fastify/express',
        subject: scheme.name,
        measured: scheme.requestsPerSecond / express.requestsPerSecond,
        threshold: 1.5,
      }),
    );
  });
  return targets;
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${value} ms`;
const fixed = (value: number) => value.toFixed(2);

function routeRow(route: RouteRow, peerNames: string[]): string {
  const failures = route.failures + route.uncached.failures;
  const warn = failures > 0 ? ` ⚠ ${failures} failed` : '';
  const peers = peerNames.map((name) => fixed(route.ratioToPeers[name] ?? NaN)).join(' | ');
  return `| ${route.name}${warn} | ${int(route.requestsPerSecond)} | ${ms(route.latencyP50Ms)} | ${ms(route.latencyP99Ms)} | **${fixed(route.ratio)}** | ${fixed(route.ratioToNoop)} | ${peers} | ${int(route.uncached.requestsPerSecond)} | ${fixed(route.uncached.ratio)} |`;
}

function loginStormSentence(l: LatencyUnderLoginLoad): string {
  return `Latency of \`${l.route}\` at ${l.requestRate} req/s (median p99 of each condition over the rounds): p99 ${ms(l.idle.latencyP99Ms)} idle, ${ms(l.loaded.latencyP99Ms)} while ${l.loginClients} clients hammer the password login (${int(l.logins.requestsPerSecond)} logins/s): **${fixed(l.p99Ratio)}×** (round by round ${fixed(l.p99RatioRange[0])}–${fixed(l.p99RatioRange[1])}).`;
}

/** The `--login-storm` report: each platform's sentence, and the target. */
export function renderLoginStormMarkdown(results: Record<string, LatencyUnderLoginLoad>): string {
  const lines = ['# A guarded route during a login storm', ''];
  for (const [platform, l] of Object.entries(results))
    lines.push(
      `**${platform}.** ${loginStormSentence(l)} Target at most ${LOGIN_STORM_P99_RATIO_TARGET}×: ${l.p99Ratio <= LOGIN_STORM_P99_RATIO_TARGET ? 'met' : 'missed'}.`,
      '',
    );
  return lines.join('\n');
}

function platformSection(platform: Platform, p: PlatformResults): string[] {
  const peerNames = p.peers.map((peer) => peer.name);
  const l = p.latencyUnderLoginLoad;
  return [
    `## ${platform === 'express' ? 'Express' : 'Fastify'}`,
    '',
    `| Route | req/s | p50 | p99 | ratio to open | to no-work passport | ${peerNames.map((name) => `to ${name}`).join(' | ')} | req/s, no cache | ratio, no cache |`,
    `|---|---:|---:|---:|---:|---:|${peerNames.map(() => '---:|').join('')}---:|---:|`,
    ...[p.open, p.noop, ...p.peers, ...p.schemes].map((route) => routeRow(route, peerNames)),
    '',
    "Each guard alone, on the no-work route's handler (a constant answer, no parameter), so that the guard is the only difference from the no-work route:",
    '',
    '| Guard alone | req/s | p50 | p99 | ratio to open | to no-work passport |',
    '|---|---:|---:|---:|---:|---:|',
    ...p.guardsAlone.map(
      (g) =>
        `| ${g.name}${g.failures > 0 ? ` ⚠ ${g.failures} failed` : ''} | ${int(g.requestsPerSecond)} | ${ms(g.latencyP50Ms)} | ${ms(g.latencyP99Ms)} | **${fixed(g.ratio)}** | ${fixed(g.ratioToNoop)} |`,
    ),
    '',
    loginStormSentence(l),
    '',
  ];
}

export function renderMarkdown(r: BenchResults): string {
  const missed = r.targets.filter((t) => !t.met);
  return [
    '# Benchmark results',
    '',
    `${r.date} · ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · PostgreSQL ${r.machine.postgres}`,
    `autocannon, ${r.settings.connections} connections. The Express and the Fastify demo run side by side (one Node process each) on one database; PostgreSQL and autocannon share the machine. Every route of both platforms is measured in ${r.settings.rounds} interleaved round(s) of ${r.settings.durationSeconds} s after a warm-up: req/s is the mean over the rounds, p50 and p99 the median. Ratios compare routes of the same platform and rounds.`,
    '',
    'Peers: `passport-jwt` is the documented `@nestjs/passport` + `passport-jwt` RS256 guard (stateless: no session, no revocation); `findOne` is a `passport-custom` strategy doing one TypeORM `findOne` per request (an opaque token, no cache). "No cache": a second pair of instances with `CREDENTIAL_CACHE_MAX_ENTRIES=0`, so every request reaches PostgreSQL.',
    '',
    ...PLATFORMS.flatMap((platform) => platformSection(platform, r.platforms[platform])),
    '## Targets',
    '',
    `${r.targets.length - missed.length} of ${r.targets.length} met.`,
    '',
    '| Target | Platform | Route | Measured | Round by round | Threshold | Met | Missed by |',
    '|---|---|---|---:|---:|---:|---|---:|',
    ...r.targets.map(
      (t) =>
        `| ${t.target} | ${t.platform} | ${t.subject} | ${fixed(t.measured)} | ${t.perRound ? `${fixed(t.perRound[0])}–${fixed(t.perRound[1])}` : ''} | ${t.threshold} | ${t.met ? 'yes' : '**no**'} | ${t.met ? '' : `${Math.round(t.missedBy * 100)}%`} |`,
    ),
    '',
    '## Logins (Express)',
    '',
    `${r.settings.loginConnections} concurrent clients each.`,
    '',
    '| Login | Path | req/s | p50 | p99 |',
    '|---|---|---:|---:|---:|',
    ...r.logins.map(
      ({ name, path, measurement: m }) =>
        `| ${name}${m.failures ? ` ⚠ ${m.failures} failed` : ''} | \`${path}\` | ${int(m.requestsPerSecond)} | ${ms(m.latencyP50Ms)} | ${ms(m.latencyP99Ms)} |`,
    ),
    '',
    '## Validation as tokens accumulate (Express)',
    '',
    `\`${r.tokenVolume.route}\` with the cache off, each measured in rounds beside the open route and compared as a fraction of it.`,
    '',
    '| Stored login tokens | req/s | p50 | p99 | open route req/s | fraction of open |',
    '|---:|---:|---:|---:|---:|---:|',
    ...[r.tokenVolume.small, r.tokenVolume.large].map(
      ({ storedTokens, measurement: m, openRoute, ratioToOpen }) =>
        `| ${int(storedTokens)} | ${int(m.requestsPerSecond)} | ${ms(m.latencyP50Ms)} | ${ms(m.latencyP99Ms)} | ${int(openRoute.requestsPerSecond)} | ${fixed(ratioToOpen)} |`,
    ),
    `| ${int(r.tokenVolume.large.storedTokens)} against ${int(r.tokenVolume.small.storedTokens)} | | | | | **${fixed(r.tokenVolume.ratio)}** |`,
    '',
  ].join('\n');
}
