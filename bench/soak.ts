import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import type { Credentials } from './credentials';
import { guardedRoutes, loginLoads, type NamedLoad } from './loads';

export interface SoakResults {
  date: string;
  minutes: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  statusCodes: Record<string, number>;
  serverErrors: number;
  socketErrors: number;
  timeouts: number;
  /** The demo's resident memory (MiB), sampled every 10 s after a minute's warm-up. */
  memory: {
    samplesMiB: number[];
    firstMiB: number;
    lastMiB: number;
    maxMiB: number;
    growthMiB: number;
    flat: boolean;
  };
}

async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kib / 1024) * 10) / 10;
}

/** Every load in one cycle per connection: all guarded routes, several times, and each login once. */
function mixedTraffic(c: Credentials): NamedLoad[] {
  const guarded = guardedRoutes(c);
  return [...guarded, ...guarded, ...guarded, ...loginLoads(c)];
}

/**
 * Mixed traffic of all schemes for `minutes`, from `connections` clients,
 * against the demo process `pid`: counts every answer by status and samples
 * its memory, to show that nothing leaks and nothing fails under a long run.
 */
export async function runSoak(
  baseUrl: string,
  pid: number,
  c: Credentials,
  minutes: number,
  connections: number,
  log: (message: string) => void,
): Promise<SoakResults> {
  const encode = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
  const requests = mixedTraffic(c).map((load) => ({
    method: load.method ?? 'GET',
    path: load.path,
    headers: {
      ...(load.body !== undefined || load.makeBody ? { 'content-type': 'application/json' } : {}),
      ...load.headers,
    },
    ...(load.body === undefined ? {} : { body: encode(load.body) }),
    ...(load.makeBody
      ? {
          setupRequest: (request: { body?: string }) => ({
            ...request,
            body: encode(load.makeBody!()),
          }),
        }
      : {}),
  }));
  const samples: number[] = [];
  const warmupMs = Math.min(60_000, (minutes * 60_000) / 4);
  const started = Date.now();
  const sampler = setInterval(() => {
    if (Date.now() - started < warmupMs) return;
    void residentMiB(pid).then((mib) => {
      samples.push(mib);
      log(`  ${Math.round((Date.now() - started) / 1000)} s: ${mib} MiB resident`);
    });
  }, 10_000);
  let result;
  try {
    result = await autocannon({ url: baseUrl, connections, duration: minutes * 60, requests });
  } finally {
    clearInterval(sampler);
  }
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  const first = samples[0] ?? NaN;
  const last = samples[samples.length - 1] ?? NaN;
  return {
    date: new Date().toISOString(),
    minutes,
    connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    statusCodes,
    serverErrors: result['5xx'],
    socketErrors: result.errors,
    timeouts: result.timeouts,
    memory: {
      samplesMiB: samples,
      firstMiB: first,
      lastMiB: last,
      maxMiB: Math.max(...samples),
      growthMiB: Math.round((last - first) * 10) / 10,
      flat: isFlat(samples),
    },
  };
}

/**
 * Flat after the warm-up: the last third of the samples averages within 10%
 * (and 16 MiB) of the first third. Growth per request would show as a climb
 * over the whole run; the garbage collector's saw-tooth does not.
 */
function isFlat(samples: number[]): boolean {
  if (samples.length < 3) return false;
  const third = Math.floor(samples.length / 3);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const early = mean(samples.slice(0, third));
  const late = mean(samples.slice(-third));
  return late - early <= Math.max(16, early * 0.1);
}

export function renderSoakMarkdown(r: SoakResults, platform: string): string {
  return [
    `# Soak results: ${platform}`,
    '',
    `${r.date} · ${r.minutes} min of mixed traffic (every guarded route, every login) from ${r.connections} connections, on ${platform}.`,
    '',
    `| requests | req/s | 5xx | socket errors | timeouts | answers by status |`,
    '|---:|---:|---:|---:|---:|---|',
    `| ${r.requests.toLocaleString('en-US')} | ${r.requestsPerSecond} | **${r.serverErrors}** | ${r.socketErrors} | ${r.timeouts} | ${Object.entries(
      r.statusCodes,
    )
      .map(([code, count]) => `${code}: ${count}`)
      .join(', ')} |`,
    '',
    `Resident memory of the demo after the warm-up: ${r.memory.firstMiB} MiB, at the end ${r.memory.lastMiB} MiB (growth ${r.memory.growthMiB} MiB, peak ${r.memory.maxMiB} MiB): **${r.memory.flat ? 'flat' : 'growing'}** (the last third of the samples within 10% of the first third); samples every 10 s: ${r.memory.samplesMiB.join(', ')}.`,
    '',
  ].join('\n');
}
