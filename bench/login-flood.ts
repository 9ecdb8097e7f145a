import type { Credentials } from './credentials';
import { loginLoads, type NamedLoad } from './loads';
import { measure, type Measurement, summarise } from './measure';

/** The target: a real user's login p99 stays under a second during a flood of unknown-user logins. */
export const LOGIN_FLOOD_P99_TARGET_MS = 1000;

export interface LoginFloodResults {
  route: string;
  floodClients: number;
  probeRate: number;
  /** The real user's logins, idle and during the flood (median p99 of the rounds; failures are 503s shed). */
  idle: Measurement;
  flooded: Measurement;
  /** The flood itself: its failures are the attempts shed with 503. */
  flood: Measurement;
  p99TargetMs: number;
  met: boolean;
}

/**
 * A real user signing in a few times a second, idle and then while
 * `floodClients` clients send logins for unknown users (each a new name, all
 * within the rate limits, which the bench lifts), in alternating rounds. With
 * load shedding, the flood's excess is refused with 503 at once instead of
 * queueing in front of the real login.
 */
export async function measureLoginUnderFlood(
  baseUrl: string,
  c: Credentials,
  options: { durationSeconds: number; rounds: number },
): Promise<LoginFloodResults> {
  const login = loginLoads(c).find((load) => load.path === '/api/user/login')!;
  let sequence = 0;
  const flood: NamedLoad = {
    ...login,
    name: 'unknown-user logins',
    body: undefined,
    makeBody: () => ({
      username: `flood-${sequence++}`,
      password: 'a guess',
      direction: c.direction,
    }),
  };
  const floodClients = 32;
  const probeRate = 4;
  const durationSeconds = options.durationSeconds * 2;
  const probe = { connections: 1, durationSeconds, overallRate: probeRate };
  const idle: Measurement[] = [];
  const flooded: Measurement[] = [];
  const floods: Measurement[] = [];
  for (let round = 0; round < options.rounds; round++) {
    idle.push(await measure(baseUrl, login, probe));
    const [mine, theirs] = await Promise.all([
      measure(baseUrl, login, { ...probe, warmupSeconds: 1 }),
      measure(baseUrl, flood, { connections: floodClients, durationSeconds: durationSeconds + 1 }),
    ]);
    flooded.push(mine);
    floods.push(theirs);
  }
  const floodedSummary = summarise(flooded);
  return {
    route: login.path,
    floodClients,
    probeRate,
    idle: summarise(idle),
    flooded: floodedSummary,
    flood: summarise(floods),
    p99TargetMs: LOGIN_FLOOD_P99_TARGET_MS,
    met: floodedSummary.latencyP99Ms < LOGIN_FLOOD_P99_TARGET_MS,
  };
}

export function renderLoginFloodMarkdown(results: Record<string, LoginFloodResults>): string {
  const lines = [
    '## A real login during a flood of unknown-user logins',
    '',
    `A real user signs in ${Object.values(results)[0]?.probeRate ?? 4} times a second, idle and while ${Object.values(results)[0]?.floodClients ?? 32} clients send logins for unknown users; target: its p99 under ${LOGIN_FLOOD_P99_TARGET_MS} ms.`,
    '',
    "The flood's own logins all fail (unknown users, 401): what matters is how many were shed at once (503) instead of queued, and what the real user met.",
    '',
    '| platform | idle p99 | flooded p99 | real logins answered 200 | real logins shed (503) | flood req/s | flood shed (503) | p99 target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [platform, r] of Object.entries(results)) {
    lines.push(
      `| ${platform} | ${r.idle.latencyP99Ms} ms | ${r.flooded.latencyP99Ms} ms | ${r.flooded.requests - r.flooded.failures} of ${r.flooded.requests} | ${r.flooded.shed ?? 0} | ${r.flood.requestsPerSecond} | ${r.flood.shed ?? 0} of ${r.flood.requests} | ${r.met ? 'met' : `missed by ${r.flooded.latencyP99Ms - r.p99TargetMs} ms`} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
