import { parseArgs } from 'node:util';

export interface BenchSettings {
  /** Seconds each measurement lasts. */
  durationSeconds: number;
  /** Interleaved rounds of the route comparisons (each route measured once per round). */
  rounds: number;
  /** Concurrent connections on the throughput measurements. */
  connections: number;
  /** Concurrent clients on the login measurements and the login load. */
  loginConnections: number;
  /** Requests per second of the latency probe (well below saturation, so latency is not queueing). */
  latencyProbeRate: number;
  smallTokenCount: number;
  largeTokenCount: number;
  outDir: string;
  /** Soak mode: mixed traffic for `soakMinutes` instead of the comparisons. */
  soak: boolean;
  soakMinutes: number;
  /** Only the real login's latency during a flood of unknown-user logins, on both platforms (login-flood-results.md/json). */
  loginFlood: boolean;
  /** Only a guarded route's latency while clients hammer the password login, on both platforms (login-storm-results.md/json). */
  loginStorm: boolean;
  /** Only the baseline: bare Nest apps against a README host and the demo's cached routes (bare-nest-results.md/json). */
  bareNest: boolean;
}

const USAGE = `npm run bench -- [--duration S] [--connections N] [--quick] [--out DIR]
  --duration S      seconds per measurement (default 3)
  --rounds N        interleaved rounds of the route comparisons (default 3)
  --connections N   concurrent connections for throughput (default 10)
  --quick           one round of 2-second measurements and 100,000 instead of 1,000,000 stored tokens (a smoke run)
  --out DIR         where results.md and results.json go (default bench/)
  --soak            mixed traffic of all schemes instead, reporting errors and memory growth (soak-results.md/json)
  --minutes M       how long the soak runs (default 3)
  --bare-nest       only the ratios to a bare Nest app (11 and 12) of a README host's unguarded route and every cached scheme route (bare-nest-results.md/json)
  --login-flood     only a real login's p99 during a flood of unknown-user logins, next to its idle p99 (login-flood-results.md/json)
  --login-storm     only a guarded route's p99 while clients hammer the password login, next to its idle p99 (login-storm-results.md/json)`;

export function parseBenchArgs(argv: string[]): BenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      soak: { type: 'boolean', default: false },
      'bare-nest': { type: 'boolean', default: false },
      'login-flood': { type: 'boolean', default: false },
      'login-storm': { type: 'boolean', default: false },
      minutes: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const positive = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0)
      throw new Error(`--${name} must be a positive integer\n${USAGE}`);
    return parsed;
  };
  return {
    durationSeconds: positive('duration', values.duration, values.quick ? 2 : 3),
    rounds: positive('rounds', values.rounds, values.quick ? 1 : 3),
    connections: positive('connections', values.connections, 10),
    loginConnections: 4,
    latencyProbeRate: 500,
    smallTokenCount: 1_000,
    largeTokenCount: values.quick ? 100_000 : 1_000_000,
    outDir: values.out ?? 'bench',
    soak: values.soak ?? false,
    soakMinutes: positive('minutes', values.minutes, 3),
    loginFlood: values['login-flood'] ?? false,
    loginStorm: values['login-storm'] ?? false,
    bareNest: values['bare-nest'] ?? false,
  };
}
