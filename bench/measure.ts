import { readFileSync } from 'node:fs';
import autocannon, { type AutocannonOptions } from 'autocannon';

export interface Load {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** A new body for each request (single-use credentials). */
  makeBody?: () => unknown;
}

export interface Measurement {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Answers that were not 2xx, plus socket errors and timeouts: a benchmark of refusals would be meaningless. */
  failures: number;
  /** Answers 503 (load shed), among the failures. */
  shed?: number;
  /** Measured in rounds: each round's req/s, in round order (so ratios can be taken round by round). */
  roundsRequestsPerSecond?: number[];
  /**
   * The server's CPU time (user and system, every thread) per answered request, in µs: the
   * median of the rounds. Only where the target named its server's pid and `/proc` exists.
   */
  cpuMicrosPerRequest?: number;
  /**
   * Where the target names a baseline: each round's req/s over the baseline's, measured right
   * before it (see `Target.baseline`), in round order.
   */
  pairedRatios?: number[];
  /** The same pairs by CPU time: the baseline's CPU µs per request over the target's. */
  pairedCpuRatios?: number[];
}

export interface MeasureOptions {
  connections: number;
  durationSeconds: number;
  /** Unmeasured seconds first, so JIT and caches are warm. */
  warmupSeconds?: number;
  /** A fixed request rate (for latency under a given load) instead of as fast as possible. */
  overallRate?: number;
  /**
   * Latency percentiles from every 2xx answer's own time, to 0.01 ms, instead of autocannon's
   * histogram, which counts whole milliseconds: for latencies of a few ms, where one more
   * millisecond would move a ratio by a quarter. Only for fixed-rate probes (it keeps each time).
   */
  exactLatency?: boolean;
}

/** The nearest-rank percentile of `values` (0 when empty), rounded to 0.01. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return Math.round(sorted[rank - 1] * 100) / 100;
}

function toAutocannon(
  baseUrl: string,
  load: Load,
  connections: number,
  durationSeconds: number,
  overallRate?: number,
): AutocannonOptions {
  const headers: Record<string, string> = { ...load.headers };
  if (load.body !== undefined || load.makeBody) headers['content-type'] ??= 'application/json';
  const encode = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
  return {
    url: `${baseUrl}${load.path}`,
    method: load.method ?? 'GET',
    headers,
    body: load.body === undefined ? undefined : encode(load.body),
    connections,
    duration: durationSeconds,
    overallRate,
    requests: load.makeBody
      ? [{ setupRequest: (request) => ({ ...request, body: encode(load.makeBody!()) }) }]
      : undefined,
  };
}

export async function measure(
  baseUrl: string,
  load: Load,
  options: MeasureOptions,
): Promise<Measurement> {
  if (options.warmupSeconds)
    await autocannon(
      toAutocannon(baseUrl, load, options.connections, options.warmupSeconds, options.overallRate),
    );
  const run = autocannon(
    toAutocannon(baseUrl, load, options.connections, options.durationSeconds, options.overallRate),
  );
  const latencies: number[] = [];
  if (options.exactLatency)
    run.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  const result = await run;
  return {
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    latencyP50Ms: options.exactLatency ? percentile(latencies, 50) : result.latency.p50,
    latencyP99Ms: options.exactLatency ? percentile(latencies, 99) : result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    shed: result.statusCodeStats?.['503']?.count ?? 0,
  };
}

/** Several measurements of one load, summarised: mean throughput, median latencies, all failures. */
export function summarise(measurements: Measurement[]): Measurement {
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  return {
    requestsPerSecond: Math.round(
      measurements.reduce((sum, m) => sum + m.requestsPerSecond, 0) / measurements.length,
    ),
    latencyP50Ms: median(measurements.map((m) => m.latencyP50Ms)),
    latencyP99Ms: median(measurements.map((m) => m.latencyP99Ms)),
    requests: measurements.reduce((sum, m) => sum + m.requests, 0),
    failures: measurements.reduce((sum, m) => sum + m.failures, 0),
    shed: measurements.reduce((sum, m) => sum + (m.shed ?? 0), 0),
    roundsRequestsPerSecond: measurements.map((m) => m.requestsPerSecond),
  };
}

/** Two measurements of one load in the same rounds (before and after the others), as one: means throughout, round by round. */
export function meanOf(a: Measurement, b: Measurement): Measurement {
  const mean = (x: number, y: number) => Math.round((x + y) / 2);
  const roundsOfA = a.roundsRequestsPerSecond ?? [a.requestsPerSecond];
  const roundsOfB = b.roundsRequestsPerSecond ?? [b.requestsPerSecond];
  return {
    requestsPerSecond: mean(a.requestsPerSecond, b.requestsPerSecond),
    latencyP50Ms: mean(a.latencyP50Ms, b.latencyP50Ms),
    latencyP99Ms: mean(a.latencyP99Ms, b.latencyP99Ms),
    requests: a.requests + b.requests,
    failures: a.failures + b.failures,
    roundsRequestsPerSecond: roundsOfA.map((value, index) => mean(value, roundsOfB[index])),
  };
}

/** A load on one instance (the Express or the Fastify demo). */
export interface Target {
  baseUrl: string;
  load: Load;
  /** The server's process: its CPU time per request is read from `/proc` around each measurement. */
  pid?: number;
  /**
   * The index (in the same list) of the target this one is compared with. Each round measures
   * the baseline again right before this one (and warms this one for a second between them),
   * and the ratio is taken pair by pair: a drift of the machine's speed during a round (it
   * reaches 40% on a shared VM) then falls on both sides of every ratio instead of on whichever
   * ran in the slower minute.
   */
  baseline?: number;
}

/** A process's CPU time so far (user and system, all threads), in clock ticks; undefined without `/proc`. */
function cpuTicks(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const MICROS_PER_TICK = 10_000;

/**
 * Measures every target in interleaved rounds (A B C, B C A, C A B...) after
 * warming each up, so that a drift of the machine's speed during the run
 * falls on every route and platform alike instead of on whichever ran last.
 * Each round starts further along the list: no target always runs first in
 * its round, or always after the same one (the load generator shares the
 * machine, and slows as its own process ages through a round).
 */
export async function measureInRounds(
  targets: Target[],
  options: {
    rounds: number;
    connections: number;
    durationSeconds: number;
    onTarget?: (target: Target, round: number) => void;
  },
): Promise<Measurement[]> {
  for (const { baseUrl, load } of targets)
    await measure(baseUrl, load, { connections: options.connections, durationSeconds: 1 });
  const rounds: Measurement[][] = targets.map(() => []);
  const cpu: number[][] = targets.map(() => []);
  const pairs: Array<{ ratios: number[]; cpuRatios: number[] }> = targets.map(() => ({
    ratios: [],
    cpuRatios: [],
  }));
  const measureOnce = async (target: Target, warmupSeconds?: number) => {
    if (warmupSeconds)
      await measure(target.baseUrl, target.load, {
        connections: options.connections,
        durationSeconds: warmupSeconds,
      });
    const before = target.pid === undefined ? undefined : cpuTicks(target.pid);
    const measured = await measure(target.baseUrl, target.load, {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
    });
    const after = target.pid === undefined ? undefined : cpuTicks(target.pid);
    const perRequest =
      before !== undefined && after !== undefined && measured.requests > 0
        ? ((after - before) * MICROS_PER_TICK) / measured.requests
        : undefined;
    return { measured, perRequest };
  };
  const step = Math.max(1, Math.floor(targets.length / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    for (let position = 0; position < targets.length; position++) {
      const index = (position + round * step) % targets.length;
      const target = targets[index];
      options.onTarget?.(target, round);
      const baseline =
        target.baseline === undefined ? undefined : await measureOnce(targets[target.baseline]);
      // A paired row is warmed right before it is measured: its baseline, measured every other
      // time, is always warm, and a process left idle runs its next seconds slower.
      const { measured, perRequest } = await measureOnce(target, baseline ? 1 : undefined);
      if (perRequest !== undefined) cpu[index].push(perRequest);
      rounds[index].push(measured);
      if (baseline && baseline.measured.requestsPerSecond > 0) {
        pairs[index].ratios.push(measured.requestsPerSecond / baseline.measured.requestsPerSecond);
        if (baseline.perRequest && perRequest)
          pairs[index].cpuRatios.push(baseline.perRequest / perRequest);
      }
    }
  }
  return rounds.map((measurements, index) => {
    const summary: Measurement = summarise(measurements);
    const perRequest = median(cpu[index]);
    if (perRequest !== undefined) summary.cpuMicrosPerRequest = Math.round(perRequest * 10) / 10;
    if (targets[index].baseline !== undefined) {
      summary.pairedRatios = pairs[index].ratios;
      summary.pairedCpuRatios = pairs[index].cpuRatios;
    }
    return summary;
  });
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `a` over `b`, round by round (both measured in the same interleaved rounds): the lowest and the highest. */
export function ratioRange(a: Measurement, b: Measurement): [number, number] {
  const ofA = a.roundsRequestsPerSecond ?? [a.requestsPerSecond];
  const ofB = b.roundsRequestsPerSecond ?? [b.requestsPerSecond];
  const ratios = ofA.map((value, index) => value / ofB[index]);
  return [round(Math.min(...ratios)), round(Math.max(...ratios))];
}

/** Two decimals, as the results show ratios. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
